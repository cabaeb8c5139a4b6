import type { AbstractSublevel } from 'abstract-level';
import type { ClassicLevel } from 'classic-level';
import { COLLECTION_NAME_PATTERN, defineSchema, type CollectionSchema, type CollectionSchemaInput } from '../store/vector/index.js';
import { CatalogError } from './errors.js';

/** A collection of the embedded store: a name, its schema, and the Raft group that holds it. */
export interface CollectionEntry {
  readonly name: string;
  readonly groupId: number;
  readonly schema: CollectionSchema;
}

const NEXT_GROUP_KEY = '\u0000next-group';

export function validateCollectionName(name: unknown): string {
  if (typeof name !== 'string' || !COLLECTION_NAME_PATTERN.test(name)) {
    throw new CatalogError('INVALID_COLLECTION_NAME',
      `collection name must be 1-128 characters of letters, digits, "_", "." or "-", starting with a letter or digit; got ${JSON.stringify(name)}`, 'name');
  }
  return name;
}

type CatalogDb = AbstractSublevel<ClassicLevel<string, Uint8Array>, string | Buffer | Uint8Array, string, string>;

/**
 * The embedded store's list of collections, in its own sublevel of the node's LevelDB. Written
 * with sync so that a collection acknowledged as created survives a crash.
 */
export class Catalog {
  private readonly entries = new Map<string, CollectionEntry>();
  private nextGroup = 1;

  private constructor(private readonly db: CatalogDb) {}

  static async load(root: ClassicLevel<string, Uint8Array>): Promise<Catalog> {
    const db = root.sublevel<string, string>('catalog', { valueEncoding: 'utf8' });
    const c = new Catalog(db);
    for await (const [key, value] of db.iterator()) {
      if (key === NEXT_GROUP_KEY) {
        c.nextGroup = Number(value);
        continue;
      }
      const raw = JSON.parse(value) as { name: string; groupId: number; schema: CollectionSchemaInput };
      c.entries.set(raw.name, { name: raw.name, groupId: raw.groupId, schema: defineSchema(raw.schema) });
    }
    return c;
  }

  list(): CollectionEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): CollectionEntry {
    const e = this.entries.get(name);
    if (e === undefined) throw new CatalogError('COLLECTION_NOT_FOUND', `collection "${name}" does not exist`, 'name');
    return e;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  groupIds(): Set<number> {
    return new Set([...this.entries.values()].map((e) => e.groupId));
  }

  /** Reserves a group id durably, before the group is founded, so that ids are never reused. */
  async allocateGroup(): Promise<number> {
    const id = this.nextGroup++;
    await this.db.put(NEXT_GROUP_KEY, String(this.nextGroup), { sync: true } as object);
    return id;
  }

  async add(entry: CollectionEntry): Promise<void> {
    const input: CollectionSchemaInput = {
      name: entry.schema.name, dimension: entry.schema.dimension, metric: entry.schema.metric, hnsw: entry.schema.hnsw,
    };
    await this.db.put(entry.name, JSON.stringify({ name: entry.name, groupId: entry.groupId, schema: input }), { sync: true } as object);
    this.entries.set(entry.name, entry);
  }

  async remove(name: string): Promise<void> {
    await this.db.del(name, { sync: true } as object);
    this.entries.delete(name);
  }
}
