/**
 * A node's encryption at rest while it runs: the key ring the store seals with, the registry of
 * everything holding sealed values (raft log, each group's records and index, the meta state,
 * snapshot spools), and key rotation over them (`vstudio encryption rotate`).
 *
 * Rotation runs in the background while the node serves. Each participant rewrites its values
 * under the current key in small steps between its own writes (see each `reencrypt`); values
 * written meanwhile are sealed under the current key already. A participant that enrols during
 * the rotation (a group opened meanwhile) is rotated too. When every participant is done, the
 * marker drops the older keys (encryption-marker.ts): from then on the node starts without them.
 */
import type { AtRestEncryption, Reencryptable } from '../store/encryption-at-rest.js';
import type { KeyRing } from './encryption.js';
import { retireOlderKeys } from './encryption-marker.js';

export type RotationState = 'idle' | 'running' | 'done' | 'failed';

/** What `vstudio encryption status` / `rotate` report for one node. */
export interface EncryptionStatus {
  readonly keyId: string;
  /** Older keys whose values may still be on disk; empty after a rotation. */
  readonly retiredKeyIds: readonly string[];
  readonly rotation: RotationState;
  /** The participant being rotated (`raft log`, `group g2 records and index`, ...). */
  readonly phase: string;
  readonly stepsDone: number;
  readonly stepsTotal: number;
  readonly valuesRewritten: number;
  /** Why the last rotation failed ('' otherwise). */
  readonly error: string;
}

export interface RotationEvents {
  started?(): void;
  finished?(status: EncryptionStatus): void;
  failed?(error: Error): void;
}

export class NodeEncryption implements AtRestEncryption {
  private readonly participants = new Set<Reencryptable>();
  private retired: readonly string[];
  private state: RotationState = 'idle';
  private phase = '';
  private stepsDone = 0;
  private stepsTotal = 0;
  private valuesBefore = 0;
  private valuesInStep = 0;
  private error = '';
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly ring: KeyRing,
    retiredKeyIds: readonly string[],
    private readonly events: RotationEvents = {},
  ) {
    this.retired = retiredKeyIds;
  }

  get cipher(): KeyRing {
    return this.ring;
  }

  register(participant: Reencryptable): () => void {
    this.participants.add(participant);
    return () => {
      this.participants.delete(participant);
    };
  }

  status(): EncryptionStatus {
    return {
      keyId: this.ring.currentKeyId,
      retiredKeyIds: [...this.retired],
      rotation: this.state,
      phase: this.phase,
      stepsDone: this.stepsDone,
      stepsTotal: this.stepsTotal,
      valuesRewritten: this.valuesBefore + this.valuesInStep,
      error: this.error,
    };
  }

  /** Starts a rotation unless one is running; returns the status right after. */
  rotate(): EncryptionStatus {
    if (this.running === null) {
      this.state = 'running';
      this.phase = '';
      this.stepsDone = 0;
      this.stepsTotal = this.participants.size;
      this.valuesBefore = 0;
      this.valuesInStep = 0;
      this.error = '';
      this.events.started?.();
      this.running = this.run().then(
        () => {
          this.state = 'done';
          this.phase = '';
          this.events.finished?.(this.status());
        },
        (e: unknown) => {
          const err = e instanceof Error ? e : new Error(String(e));
          this.state = 'failed';
          this.error = err.message;
          this.events.failed?.(err);
        },
      ).finally(() => {
        this.running = null;
      });
    }
    return this.status();
  }

  /** Resolves when no rotation is running (tests, shutdown). */
  async idle(): Promise<void> {
    await this.running;
  }

  private async run(): Promise<void> {
    const done = new Set<Reencryptable>();
    for (;;) {
      const next = [...this.participants].find((p) => !done.has(p));
      if (next === undefined) break;
      this.phase = next.name;
      this.valuesInStep = 0;
      await next.reencrypt((n) => { this.valuesInStep = n; });
      done.add(next);
      this.valuesBefore += this.valuesInStep;
      this.valuesInStep = 0;
      this.stepsDone++;
      this.stepsTotal = done.size + [...this.participants].filter((p) => !done.has(p)).length;
    }
    this.phase = 'compacting';
    for (const p of done) if (this.participants.has(p)) await p.afterRotation?.();
    this.phase = 'retiring older keys';
    await retireOlderKeys(this.dataDir, this.ring);
    this.retired = [];
  }
}
