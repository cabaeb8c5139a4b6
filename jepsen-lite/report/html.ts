/** The run's HTML page: summary, the plot (inline SVG) and the anomalies. */
import type { Results } from '../results.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function resultsHtml(r: Results, svg: string): string {
  const verdict = r.valid === true ? '<span style="color:#2a9d4b">valid</span>' : r.valid === false ? '<span style="color:#d0342c">INVALID</span>' : '<span style="color:#e08a00">unknown</span>';
  const rows: [string, string][] = [
    ['workload', r.workload], ['nemesis', r.nemesis.join(', ') || 'none'], ['seed', String(r.seed)], ['nodes', String(r.nodes)],
    ['concurrency', String(r.concurrency)], ['ack', String(r.ack)], ['consistency', r.consistency], ['time', `${r.timeS} s`],
    ['operations', `${r.stats.ok} ok, ${r.stats.fail} fail, ${r.stats.info} info`], ['availability', `${(r.availability * 100).toFixed(1)} %`],
    ['latency', `p50 ${r.latency.p50_ms} ms, p99 ${r.latency.p99_ms} ms`], ['checker', esc(JSON.stringify(r.checker))],
  ];
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>jepsen-lite ${esc(r.run)}</title>
<style>body{font-family:sans-serif;max-width:1040px;margin:2em auto}td{padding:2px 12px 2px 0;vertical-align:top}pre{background:#f6f6f6;padding:8px;overflow-x:auto}</style>
</head><body>
<h1>jepsen-lite: ${esc(r.workload)} — ${verdict}</h1>
<table>${rows.map(([k, v]) => `<tr><td><b>${k}</b></td><td>${v}</td></tr>`).join('')}</table>
<h2>Latency over time</h2>
${svg}
<h2>Faults</h2>
<pre>${esc(r.faults.map((f) => `${(f.startNs / 1e9).toFixed(1)}–${(f.endNs / 1e9).toFixed(1)} s  ${f.kind}: ${f.detail}`).join('\n') || 'none')}</pre>
${r.notes.length > 0 ? `<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<h2>Anomalies (${r.anomalies.length})</h2>
<pre>${esc(r.anomalies.length === 0 ? 'none' : JSON.stringify(r.anomalies, null, 2))}</pre>
<p>Files: <a href="history.jsonl">history.jsonl</a>, <a href="results.json">results.json</a>, <a href="latency.svg">latency.svg</a>, node logs <code>node-*.log</code>.</p>
</body></html>
`;
}
