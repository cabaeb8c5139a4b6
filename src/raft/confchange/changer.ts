import { MAX_CONF_CHANGES, MAX_NODE_ID } from '../codec.js';
import { JointConfig } from '../quorum/joint.js';
import { MajorityConfig } from '../quorum/majority.js';
import type { MembershipConfig } from '../tracker/tracker.js';
import { ConfChangeType, NONE, type ConfChange, type ConfChangeSingle, type NodeId } from '../types.js';

export type ChangeResult =
  | { readonly ok: true; readonly config: MembershipConfig }
  | { readonly ok: false; readonly reason: string };

interface Draft {
  incoming: Set<NodeId>;
  outgoing: Set<NodeId>;
  learners: Set<NodeId>;
  learnersNext: Set<NodeId>;
  autoLeave: boolean;
}

/** Whether `cc` enters a joint configuration (several voter changes, or asked explicitly). */
export function entersJoint(cc: ConfChange): boolean {
  return cc.changes.length > 0 && (cc.transition === 'explicit' || cc.changes.length > 1);
}

/** Whether `cc` is the request to leave the current joint configuration. */
export function leavesJoint(cc: ConfChange): boolean {
  return cc.changes.length === 0;
}

/**
 * Computes the membership that results from applying `cc` to `current`, or why it cannot be
 * applied. Pure: `current` is never modified. After etcd's confchange.Changer.
 */
export function applyChange(current: MembershipConfig, cc: ConfChange): ChangeResult {
  if (cc.changes.length > MAX_CONF_CHANGES) return { ok: false, reason: `more than ${MAX_CONF_CHANGES} changes in one conf change` };
  const joint = current.voters.isJoint();
  if (leavesJoint(cc)) {
    if (!joint) return { ok: false, reason: 'cannot leave a joint configuration: not in one' };
    return leaveJoint(current);
  }
  if (joint) return { ok: false, reason: 'a joint configuration is in effect: leave it before another change' };
  if (entersJoint(cc)) return enterJoint(current, cc.transition !== 'explicit', cc.changes);
  return simple(current, cc.changes);
}

function draftOf(c: MembershipConfig): Draft {
  return {
    incoming: new Set(c.voters.incoming.ids),
    outgoing: new Set(c.voters.outgoing.ids),
    learners: new Set(c.learners),
    learnersNext: new Set(c.learnersNext),
    autoLeave: c.autoLeave,
  };
}

function configOf(d: Draft): MembershipConfig {
  return {
    voters: new JointConfig(new MajorityConfig(d.incoming), new MajorityConfig(d.outgoing)),
    learners: d.learners,
    learnersNext: d.learnersNext,
    autoLeave: d.autoLeave,
  };
}

function enterJoint(current: MembershipConfig, autoLeave: boolean, changes: readonly ConfChangeSingle[]): ChangeResult {
  const d = draftOf(current);
  if (d.incoming.size === 0) return { ok: false, reason: 'cannot make a zero-voter configuration joint' };
  d.outgoing = new Set(d.incoming);
  const err = applySingles(d, changes);
  if (err !== null) return { ok: false, reason: err };
  d.autoLeave = autoLeave;
  return checked(d);
}

function leaveJoint(current: MembershipConfig): ChangeResult {
  const d = draftOf(current);
  for (const id of d.learnersNext) d.learners.add(id);
  d.learnersNext.clear();
  d.outgoing.clear();
  d.autoLeave = false;
  return checked(d);
}

function simple(current: MembershipConfig, changes: readonly ConfChangeSingle[]): ChangeResult {
  const d = draftOf(current);
  const err = applySingles(d, changes);
  if (err !== null) return { ok: false, reason: err };
  const before = current.voters.incoming.ids;
  let diff = 0;
  for (const id of before) if (!d.incoming.has(id)) diff++;
  for (const id of d.incoming) if (!before.has(id)) diff++;
  if (diff > 1) return { ok: false, reason: 'more than one voter changed without a joint configuration' };
  return checked(d);
}

function applySingles(d: Draft, changes: readonly ConfChangeSingle[]): string | null {
  for (const c of changes) {
    if (c.nodeId === NONE) continue;
    if (!Number.isInteger(c.nodeId) || c.nodeId < 0 || c.nodeId > MAX_NODE_ID) return `invalid node id ${c.nodeId}`;
    switch (c.type) {
      case ConfChangeType.AddVoter:
        d.learners.delete(c.nodeId);
        d.learnersNext.delete(c.nodeId);
        d.incoming.add(c.nodeId);
        break;
      case ConfChangeType.AddLearner:
        d.incoming.delete(c.nodeId);
        // A voter of the outgoing half stays a voter until the joint config is left.
        if (d.outgoing.has(c.nodeId)) d.learnersNext.add(c.nodeId);
        else d.learners.add(c.nodeId);
        break;
      case ConfChangeType.RemoveNode:
        d.incoming.delete(c.nodeId);
        d.learners.delete(c.nodeId);
        d.learnersNext.delete(c.nodeId);
        break;
      default:
        return `unknown conf change type ${String(c.type)}`;
    }
  }
  if (d.incoming.size === 0) return 'removing all voters is not allowed';
  return null;
}

function checked(d: Draft): ChangeResult {
  for (const id of d.learners) {
    if (d.incoming.has(id) || d.outgoing.has(id)) return { ok: false, reason: `node ${id} is both a learner and a voter` };
  }
  for (const id of d.learnersNext) {
    if (!d.outgoing.has(id)) return { ok: false, reason: `node ${id} is in learnersNext but not an outgoing voter` };
    if (d.learners.has(id)) return { ok: false, reason: `node ${id} is in learners and learnersNext` };
  }
  if (d.outgoing.size === 0 && (d.learnersNext.size > 0 || d.autoLeave)) {
    return { ok: false, reason: 'learnersNext and autoLeave need a joint configuration' };
  }
  return { ok: true, config: configOf(d) };
}
