import { ConfChangeType, type ConfChange, type ConfChangeSingle } from './types.js';

/**
 * Conf change entries travel in the log as bytes like every other entry. The encoding is a small
 * fixed binary layout: [transition u8][n u16][(type u8, nodeId u32) × n][context bytes...].
 */
/** Node ids travel as u32; the change count as u16. */
export const MAX_NODE_ID = 0xffff_ffff;
export const MAX_CONF_CHANGES = 0xffff;

export function encodeConfChange(cc: ConfChange): Uint8Array {
  if (cc.changes.length > MAX_CONF_CHANGES) {
    throw new RangeError(`a conf change holds at most ${MAX_CONF_CHANGES} changes, got ${cc.changes.length}`);
  }
  for (const c of cc.changes) {
    if (!Number.isInteger(c.nodeId) || c.nodeId < 0 || c.nodeId > MAX_NODE_ID) {
      throw new RangeError(`conf change node id must be an integer in [0, ${MAX_NODE_ID}], got ${c.nodeId}`);
    }
  }
  const ctx = cc.context ?? new Uint8Array();
  const out = new Uint8Array(3 + cc.changes.length * 5 + ctx.length);
  const view = new DataView(out.buffer);
  out[0] = cc.transition === 'explicit' ? 1 : 0;
  view.setUint16(1, cc.changes.length);
  let p = 3;
  for (const c of cc.changes) {
    out[p] = c.type;
    view.setUint32(p + 1, c.nodeId);
    p += 5;
  }
  out.set(ctx, p);
  return out;
}

export function decodeConfChange(data: Uint8Array): ConfChange {
  if (data.length < 3) throw new RangeError(`conf change entry has ${data.length} bytes, needs at least 3`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data[0] !== 0 && data[0] !== 1) throw new RangeError(`conf change entry has unknown transition ${data[0]}`);
  const n = view.getUint16(1);
  if (data.length < 3 + n * 5) throw new RangeError(`conf change entry is truncated: ${n} changes in ${data.length} bytes`);
  const changes: ConfChangeSingle[] = [];
  let p = 3;
  for (let i = 0; i < n; i++) {
    const type = data[p]!;
    if (type !== ConfChangeType.AddVoter && type !== ConfChangeType.AddLearner && type !== ConfChangeType.RemoveNode) {
      throw new RangeError(`conf change entry has unknown change type ${type}`);
    }
    changes.push({ type, nodeId: view.getUint32(p + 1) });
    p += 5;
  }
  const context = data.slice(p);
  return { changes, transition: data[0] === 1 ? 'explicit' : 'auto', ...(context.length > 0 ? { context } : {}) };
}
