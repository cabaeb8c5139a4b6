/**
 * The latency-over-time plot, written by hand as SVG: one dot per completed client operation
 * (x: invocation time, y: latency on a log scale; green ok, orange info, red fail), fault
 * intervals shaded and labelled.
 */
import type { Operation } from '../history.js';
import type { FaultInterval } from '../nemesis.js';

const W = 1000;
const H = 420;
const PAD = { left: 60, right: 20, top: 30, bottom: 40 };
const COLORS = { ok: '#2a9d4b', info: '#e08a00', fail: '#d0342c' } as const;
const FAULT_FILL: Record<string, string> = { partition: '#8ab4f8', kill: '#f28b82', pause: '#c58af9', clog: '#fdd663', membership: '#81c995', clock: '#aaaaaa' };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function latencyPlotSvg(ops: readonly Operation[], faults: readonly FaultInterval[], familyOf: (kind: string) => string, title: string): string {
  const done = ops.filter((o) => o.complete !== undefined);
  const endNs = Math.max(1, ...done.map((o) => o.complete!.time), ...faults.map((f) => f.endNs));
  const lat = done.map((o) => Math.max(0.1, (o.complete!.time - o.invoke.time) / 1e6));
  const maxMs = Math.max(10, ...lat);
  const yMin = Math.log10(0.1);
  const yMax = Math.log10(maxMs * 1.2);
  const x = (ns: number): number => PAD.left + (ns / endNs) * (W - PAD.left - PAD.right);
  const y = (ms: number): number => PAD.top + (1 - (Math.log10(Math.max(0.1, ms)) - yMin) / (yMax - yMin)) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="18" text-anchor="middle" font-size="13">${esc(title)}</text>`);
  for (const f of faults) {
    const x0 = x(f.startNs);
    const x1 = Math.max(x0 + 1, x(f.endNs));
    parts.push(`<rect x="${x0.toFixed(1)}" y="${PAD.top}" width="${(x1 - x0).toFixed(1)}" height="${H - PAD.top - PAD.bottom}" fill="${FAULT_FILL[familyOf(f.kind)] ?? '#cccccc'}" fill-opacity="0.35"><title>${esc(`${f.kind}: ${f.detail}`)}</title></rect>`);
    parts.push(`<text x="${(x0 + 2).toFixed(1)}" y="${PAD.top + 12}" font-size="9" fill="#333">${esc(f.kind)}</text>`);
  }
  // Axes and grid.
  parts.push(`<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" stroke="#333"/>`);
  for (let d = -1; d <= Math.ceil(yMax); d++) {
    const ms = 10 ** d;
    if (Math.log10(ms) > yMax) break;
    parts.push(`<line x1="${PAD.left}" y1="${y(ms).toFixed(1)}" x2="${W - PAD.right}" y2="${y(ms).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${(y(ms) + 4).toFixed(1)}" text-anchor="end">${ms >= 1 ? ms : ms.toFixed(1)} ms</text>`);
  }
  const endS = endNs / 1e9;
  const stepS = endS > 120 ? 20 : endS > 30 ? 10 : endS > 10 ? 2 : 1;
  for (let s = 0; s <= endS; s += stepS) {
    parts.push(`<text x="${x(s * 1e9).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${s} s</text>`);
  }
  parts.push(`<text x="${W / 2}" y="${H - 6}" text-anchor="middle">time since start (invocation)</text>`);
  done.forEach((o, i) => {
    const t = o.complete!.type === 'invoke' ? 'info' : o.complete!.type;
    parts.push(`<circle cx="${x(o.invoke.time).toFixed(1)}" cy="${y(lat[i]!).toFixed(1)}" r="1.6" fill="${COLORS[t]}" fill-opacity="0.7"/>`);
  });
  const legend: [string, string][] = [['ok', COLORS.ok], ['info', COLORS.info], ['fail', COLORS.fail]];
  legend.forEach(([name, color], i) => {
    parts.push(`<circle cx="${W - 150 + i * 45}" cy="${PAD.top - 8}" r="4" fill="${color}"/><text x="${W - 143 + i * 45}" y="${PAD.top - 4}">${name}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
