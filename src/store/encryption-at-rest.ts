/**
 * The store's port for encryption at rest. The store decides *what* is sealed (log entry and
 * snapshot data, record values, HNSW checkpoint files) and with which context; the
 * implementation (AES-256-GCM with a key ring: src/security/encryption.ts) decides *how*. The
 * store imports nothing from the layers above it, so it only knows these interfaces.
 */

/**
 * Seals and opens single values. `context` is authenticated but not stored (AEAD associated
 * data): a sealed value opens only with the context it was sealed with, so a value copied
 * under another key or into another file fails instead of being read as something else.
 */
export interface ValueCipher {
  /** Hex id of the key new values are sealed with (never the key itself). */
  readonly currentKeyId: string;
  seal(plaintext: Uint8Array, context: Uint8Array): Uint8Array;
  /**
   * The plaintext of a sealed value; throws a typed error (the implementation's) when the value
   * is malformed, sealed under a key the cipher does not hold, or fails authentication.
   */
  open(sealed: Uint8Array, context: Uint8Array): Uint8Array;
  /** The hex id of the key a sealed value names, without opening it; null when malformed. */
  keyIdOf(sealed: Uint8Array): string | null;
}

/** Progress of one participant's re-encryption: values rewritten so far. */
export type ReencryptProgress = (valuesRewritten: number) => void;

/**
 * Something that holds sealed values and can rewrite all of them under the cipher's current
 * key while the node serves (key rotation). Re-encryption must leave no value sealed under an
 * older key behind once it resolves, except where the implementation documents otherwise.
 */
export interface Reencryptable {
  /** Names the participant in progress reports (`raft log`, `group 3 records`). */
  readonly name: string;
  reencrypt(progress: ReencryptProgress): Promise<void>;
  /** Runs once every participant is done (e.g. compact LevelDB so superseded copies go). */
  afterRotation?(): Promise<void>;
}

/**
 * What the store's components receive when the node encrypts at rest: the cipher, and a
 * registry where each component that holds sealed values enrols for key rotation (and leaves
 * when it closes).
 */
export interface AtRestEncryption {
  readonly cipher: ValueCipher;
  /** Enrols `participant`; the returned function removes it. */
  register(participant: Reencryptable): () => void;
}

const encoder = new TextEncoder();

/** A context from text (most contexts are a purpose and a name). */
export function cipherContext(text: string): Uint8Array {
  return encoder.encode(text);
}
