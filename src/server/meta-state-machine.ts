import type { AbstractLevel, AbstractPutOptions } from 'abstract-level';
import type { Snapshot } from '../raft/index.js';
import { cipherContext, type AtRestEncryption } from '../store/encryption-at-rest.js';
import type { GroupStateMachine } from './raft-group.js';
import { ClusterMap, decodeMetaCommand, type MetaResult } from './cluster-map.js';

type MetaDb = AbstractLevel<string | Buffer | Uint8Array, string, Uint8Array>;

const STATE_KEY = 'state';
/** The sealing context of the stored map (encryption at rest). */
const STATE_CONTEXT = cipherContext('meta\u0000state');
/** classic-level honours `sync`; abstract-level's types do not declare it. */
const SYNCED: AbstractPutOptions<string, Uint8Array> & { sync: boolean } = { sync: true };

/** What applying a meta entry produced. */
export type MetaApplyResult = MetaResult & { readonly index: number };

/**
 * The meta group's state machine: the cluster map, kept whole in memory and written whole (it
 * is small) with its applied index in one synced put per applied entry, so the applied index
 * never disagrees with the map. Its Raft snapshots carry the encoded map itself.
 */
export class MetaStateMachine implements GroupStateMachine<MetaApplyResult> {
  /** Puts of the state, one at a time, so that a rotation's rewrite cannot land after a newer apply's. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: MetaDb,
    public map: ClusterMap,
    private applied: number,
    /** Called after every change of the map (a node then starts or stops hosting groups). */
    private readonly onChange: (map: ClusterMap, index: number) => void,
    /** Encryption at rest: the stored map (collection names, addresses) is sealed. */
    private readonly encryption?: AtRestEncryption,
  ) {
    // The map lives in one value, rewritten by every apply; a rotation rewrites it once more.
    encryption?.register({ name: 'meta state', reencrypt: async (progress) => { await this.persist(); progress(1); } });
  }

  static async open(db: MetaDb, onChange: (map: ClusterMap, index: number) => void, encryption?: AtRestEncryption): Promise<MetaStateMachine> {
    const stored = await db.get(STATE_KEY);
    if (stored === undefined) return new MetaStateMachine(db, new ClusterMap(), 0, onChange, encryption);
    const raw = encryption === undefined ? stored : encryption.cipher.open(stored, STATE_CONTEXT);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const applied = Number(view.getBigUint64(0));
    return new MetaStateMachine(db, ClusterMap.decode(raw.subarray(8)), applied, onChange, encryption);
  }

  get appliedIndex(): number {
    return this.applied;
  }

  private persist(): Promise<void> {
    const next = this.writing.then(async () => {
      const body = this.map.encode();
      const out = new Uint8Array(8 + body.length);
      new DataView(out.buffer).setBigUint64(0, BigInt(this.applied));
      out.set(body, 8);
      await this.db.put(STATE_KEY, this.encryption === undefined ? out : this.encryption.cipher.seal(out, STATE_CONTEXT), SYNCED);
    });
    // A failed put fails its caller; the next one still runs.
    this.writing = next.catch(() => undefined);
    return next;
  }

  async apply(index: number, data: Uint8Array): Promise<MetaApplyResult> {
    if (index <= this.applied) return { ok: true, index };
    const command = decodeMetaCommand(data);
    const result: MetaResult = command === null
      ? { ok: false, code: 'INVALID_COMMAND', message: `meta entry ${index} does not decode` }
      : this.map.apply(command);
    this.applied = index;
    await this.persist();
    this.onChange(this.map, index);
    return { ...result, index };
  }

  snapshotData(): Uint8Array {
    return this.map.encode();
  }

  async restoreSnapshot(snapshot: Snapshot): Promise<void> {
    if (snapshot.metadata.index <= this.applied) return;
    this.map = ClusterMap.decode(snapshot.data);
    this.applied = snapshot.metadata.index;
    await this.persist();
    this.onChange(this.map, this.applied);
  }
}
