import { MessageType, Raft, type Message, type RaftConfig, type ReadMode, type ReadRequest } from '../../src/raft/index.js';

/**
 * Known-wrong variants of the core, used only by tests to prove that the simulator catches
 * them. Each overrides one protected seam of Raft; production code has no flag for any of this.
 */

/** Commits the quorum-matched index whatever its term: Raft figure 8's unsafe rule. */
class CommitPreviousTermByCounting extends Raft {
  protected override maybeCommit(): boolean {
    const mci = this.tracker.committed();
    if (mci > this.raftLog.committed && mci <= this.raftLog.lastIndex()) {
      this.raftLog.commitTo(mci);
      return true;
    }
    return false;
  }
}

/** Grants a vote to any candidate with an up-to-date log, even after voting for another this term. */
class DoubleVote extends Raft {
  protected override canGrantVote(m: Message): boolean {
    return this.raftLog.isUpToDate(m.index, m.logTerm);
  }
}

/** Lets vote responses leave before the vote is durable: a crash makes the node forget it. */
class VoteBeforeDurable extends Raft {
  override requiresDurability(m: Message, termOrVoteChanged: boolean): boolean {
    if (m.type === MessageType.VoteResp) return false;
    return super.requiresDurability(m, termOrVoteChanged);
  }
}

/** Answers ReadIndex with the local commit index, without confirming leadership. */
class ReadIndexWithoutHeartbeat extends Raft {
  protected override handleReadIndex(req: ReadRequest, _mode: ReadMode): void {
    this.answerRead(req, this.raftLog.committed);
  }
}

export type PlantedBug = 'commitPreviousTermByCounting' | 'doubleVote' | 'voteBeforeDurable' | 'readIndexWithoutHeartbeat';

export const plantedBugs: Record<PlantedBug, (config: RaftConfig) => Raft> = {
  commitPreviousTermByCounting: (c) => new CommitPreviousTermByCounting(c),
  doubleVote: (c) => new DoubleVote(c),
  voteBeforeDurable: (c) => new VoteBeforeDurable(c),
  readIndexWithoutHeartbeat: (c) => new ReadIndexWithoutHeartbeat(c),
};
