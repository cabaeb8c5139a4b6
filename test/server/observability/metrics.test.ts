import { describe, expect, it } from 'vitest';
import { NodeMetrics } from '../../../src/server/metrics.js';

/** The sample lines (not HELP/TYPE) of the text format that start with `prefix`. */
function samples(text: string, prefix: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(prefix));
}

function record(m: NodeMetrics, group: number): void {
  m.setGroupState(group, { term: 4, commitIndex: 120, appliedIndex: 118, isLeader: true, hnswSize: 5000 });
  m.leaderChanged(group);
  m.proposed(group, 'ok');
  m.proposed(group, 'refused');
  m.proposed(group, 'unknown');
  m.observeApply(group, 0.0004);
  m.setReplicationLag(group, 2, 17, 250);
}

describe('NodeMetrics', () => {
  it('exposes every vstudio metric with its labels after the calls', async () => {
    const m = new NodeMetrics();
    record(m, 7);
    m.observeFsync(0.002);
    m.observeRpc('Upsert', 'OK', 0.003);
    const text = await m.metricsText();
    for (const line of [
      'vstudio_raft_term{group="7"} 4',
      'vstudio_raft_commit_index{group="7"} 120',
      'vstudio_raft_applied_index{group="7"} 118',
      'vstudio_raft_is_leader{group="7"} 1',
      'vstudio_hnsw_elements{group="7"} 5000',
      'vstudio_raft_leader_changes_total{group="7"} 1',
      'vstudio_raft_proposals_total{group="7",outcome="ok"} 1',
      'vstudio_raft_proposals_total{group="7",outcome="refused"} 1',
      'vstudio_raft_proposals_total{group="7",outcome="unknown"} 1',
      'vstudio_raft_apply_duration_seconds_count{group="7"} 1',
      'vstudio_raft_apply_duration_seconds_bucket{le="0.0005",group="7"} 1',
      'vstudio_log_fsync_duration_seconds_count 1',
      'vstudio_raft_replication_lag_entries{group="7",follower="2"} 17',
      'vstudio_raft_replication_lag_seconds{group="7",follower="2"} 0.25',
      'vstudio_grpc_server_handling_seconds_count{method="Upsert",code="OK"} 1',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
  });

  it('includes the default Node.js process metrics', async () => {
    const text = await new NodeMetrics().metricsText();
    expect(samples(text, 'process_cpu_user_seconds_total').length).toBe(1);
    expect(samples(text, 'nodejs_heap_size_used_bytes').length).toBe(1);
  });

  it('removeGroup drops the group\'s series from every metric and keeps the other groups\'', async () => {
    const m = new NodeMetrics();
    record(m, 7);
    record(m, 8);
    m.removeGroup(7);
    const text = await m.metricsText();
    expect(text).not.toContain('group="7"');
    expect(samples(text, 'vstudio_').filter((l) => l.includes('group="8"')).length).toBeGreaterThanOrEqual(10);
  });

  it('removeReplicationLag drops one follower\'s lag series only', async () => {
    const m = new NodeMetrics();
    m.setReplicationLag(1, 2, 5, 10);
    m.setReplicationLag(1, 3, 6, 20);
    m.removeReplicationLag(1, 2);
    const text = await m.metricsText();
    expect(samples(text, 'vstudio_raft_replication_lag_entries{')).toEqual(['vstudio_raft_replication_lag_entries{group="1",follower="3"} 6']);
  });

  it('keeps two nodes in one process apart: each has its own registry', async () => {
    const a = new NodeMetrics();
    const b = new NodeMetrics();
    a.leaderChanged(1);
    expect(await a.metricsText()).toContain('vstudio_raft_leader_changes_total{group="1"} 1');
    expect(await b.metricsText()).not.toContain('vstudio_raft_leader_changes_total{group="1"}');
  });

  it('sets one shard-health series per group and problem, and removes it once the problem clears', async () => {
    const m = new NodeMetrics();
    m.setGroupProblems(new Map([[2, ['leaderless', 'under-replicated']], [3, []]]));
    expect(samples(await m.metricsText(), 'vstudio_group_unhealthy{')).toEqual([
      'vstudio_group_unhealthy{group="2",problem="leaderless"} 1', 'vstudio_group_unhealthy{group="2",problem="under-replicated"} 1',
    ]);
    m.setGroupProblems(new Map([[2, ['under-replicated']]]));
    expect(samples(await m.metricsText(), 'vstudio_group_unhealthy{')).toEqual(['vstudio_group_unhealthy{group="2",problem="under-replicated"} 1']);
  });

  it('announces the Prometheus text format as its content type', () => {
    expect(new NodeMetrics().contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});
