/**
 * Top-k search over one shard: the request, its validation, and the plan that picks between
 * HNSW, filtered HNSW and exact search (Qdrant's query planner in miniature).
 *
 * - No filter: HNSW with `ef`, fetching k + 1 candidates, re-ranked with exact distances
 *   (distance.ts) and ties broken by id; when the k-th place is (nearly) tied, a few extra
 *   candidates ({@link RERANK_EXTRA_CANDIDATES}) are fetched so that ties order by id.
 * - Filter: estimate how many records match, from a deterministic sample of
 *   {@link SELECTIVITY_SAMPLE_SIZE} records (all of them when the shard is that small). At most
 *   {@link FILTER_EXACT_MAX_MATCHES} estimated matches: exact search over the matching records,
 *   which is both cheaper and exact where filtered HNSW degrades (a very selective filter
 *   disconnects the graph). Otherwise: HNSW with the filter as hnswlib's per-candidate callback
 *   and `ef` raised by 1/selectivity (capped at {@link FILTERED_EF_MAX}); if that still finds
 *   fewer than requested, fall back to exact search.
 */
import { distanceAt, distancesAt, prepareQuery, type PreparedQuery } from './distance.js';
import { VectorStoreError } from './errors.js';
import { compileFilter, validateFilter, type Filter, type PayloadPredicate } from './filter.js';
import type { HnswIndex } from './hnsw-index.js';
import { compareIds } from './id-order.js';
import type { CatalogEntry, RecordCatalog } from './record-catalog.js';
import { MAX_SEARCH_EF, MAX_SEARCH_K, type CollectionSchema, type JsonObject } from './schema.js';
import { validateVector } from './validation.js';

/** Estimated matches at or below which a filtered search is exact. */
export const FILTER_EXACT_MAX_MATCHES = 4096;
/** Records sampled to estimate a filter's selectivity. */
export const SELECTIVITY_SAMPLE_SIZE = 1024;
/** Ceiling of the raised `ef` of a filtered HNSW search. */
export const FILTERED_EF_MAX = 4096;
/**
 * Extra HNSW candidates fetched beyond k and re-ranked exactly, so that records tied (or nearly
 * tied in float32) at the k-th place are ordered by id rather than by graph traversal order.
 */
export const RERANK_EXTRA_CANDIDATES = 8;

/** A search request. */
export interface SearchRequest {
  readonly vector: ArrayLike<number>;
  /** Results wanted, 1..{@link MAX_SEARCH_K}. */
  readonly k: number;
  /** HNSW candidate list size; the collection default when absent. */
  readonly ef?: number;
  readonly filter?: Filter;
  readonly withPayload?: boolean;
  readonly withVector?: boolean;
}

/** One result. `distance` follows the metric's convention (see `Metric`): smaller is closer. */
export interface SearchHit {
  readonly id: string;
  readonly distance: number;
  readonly payload?: JsonObject;
  readonly vector?: Float32Array;
}

/** How a search ran; returned for tests, metrics and `explain`. */
export interface SearchPlan {
  readonly path: 'empty' | 'hnsw' | 'exact' | 'filtered-hnsw' | 'exact-fallback';
  readonly estimatedMatches: number | undefined;
  readonly ef: number;
}

export interface SearchResult {
  readonly hits: SearchHit[];
  readonly plan: SearchPlan;
}

/** A validated request. */
export interface NormalizedSearch {
  readonly query: Float32Array;
  readonly k: number;
  readonly ef: number;
  readonly predicate: PayloadPredicate | undefined;
  readonly withPayload: boolean;
  readonly withVector: boolean;
}

/** Validates a search request; errors name the field and map to `INVALID_ARGUMENT`. */
export function validateSearchRequest(schema: CollectionSchema, req: SearchRequest): NormalizedSearch {
  const query = validateVector(schema, req.vector, 'vector');
  if (!Number.isInteger(req.k) || req.k < 1 || req.k > MAX_SEARCH_K) {
    throw new VectorStoreError('INVALID_SEARCH', `k must be an integer in 1..${MAX_SEARCH_K}, got ${String(req.k)}`, 'k');
  }
  const ef = req.ef ?? schema.hnsw.ef;
  if (!Number.isInteger(ef) || ef < 1 || ef > MAX_SEARCH_EF) {
    throw new VectorStoreError('INVALID_SEARCH', `ef must be an integer in 1..${MAX_SEARCH_EF}, got ${String(ef)}`, 'ef');
  }
  const predicate = req.filter === undefined ? undefined : compileFilter(validateFilter(req.filter));
  return { query, k: req.k, ef, predicate, withPayload: req.withPayload ?? false, withVector: req.withVector ?? false };
}

/** What a search reads: the live records and the index over them. */
export interface SearchSource {
  readonly schema: CollectionSchema;
  readonly catalog: RecordCatalog;
  readonly index: HnswIndex;
  /** {@link FILTER_EXACT_MAX_MATCHES} unless overridden (tests force the HNSW path with 0). */
  readonly filterExactMaxMatches: number;
}

interface Scored {
  readonly label: number;
  readonly id: string;
  readonly distance: number;
}

function byDistanceThenId(a: Scored, b: Scored): number {
  return a.distance - b.distance || compareIds(a.id, b.id);
}

/** Keeps the k best of a stream of candidates, sorted; O(k) per accepted candidate. */
class TopK {
  readonly items: Scored[] = [];
  constructor(private readonly k: number) {}

  offer(s: Scored): void {
    const items = this.items;
    if (items.length === this.k && byDistanceThenId(s, items[items.length - 1] as Scored) >= 0) return;
    let i = items.length;
    while (i > 0 && byDistanceThenId(s, items[i - 1] as Scored) < 0) i--;
    items.splice(i, 0, s);
    if (items.length > this.k) items.pop();
  }
}

function score(src: SearchSource, q: PreparedQuery, label: number): Scored | undefined {
  const entry = src.catalog.atLabel(label);
  if (entry === undefined) return undefined;
  const d = distanceAt(src.schema.metric, q, src.catalog.vectors, label * src.schema.dimension, src.catalog.normAt(label));
  return { label, id: entry.id, distance: d };
}

function exactSearch(src: SearchSource, q: PreparedQuery, k: number, predicate: PayloadPredicate | undefined): Scored[] {
  const top = new TopK(k);
  const slots = src.catalog.labelSlots;
  for (let label = 0; label < slots.length; label++) {
    const entry = slots[label];
    if (entry === undefined || (predicate !== undefined && !predicate(entry.payload))) continue;
    top.offer(score(src, q, label) as Scored);
  }
  return top.items;
}

function hnswSearch(src: SearchSource, q: PreparedQuery, fetch: number, ef: number, allow?: (label: number) => boolean): Scored[] {
  const found = src.index.search(q.vector, fetch, ef, allow);
  // Re-rank every live candidate exactly (as score() would, several at a time).
  const entries: CatalogEntry[] = [];
  const offsets: number[] = [];
  const norms: number[] = [];
  for (const label of found.labels) {
    const entry = src.catalog.atLabel(label);
    if (entry === undefined) continue;
    entries.push(entry);
    offsets.push(label * src.schema.dimension);
    norms.push(src.catalog.normAt(label));
  }
  const distances: number[] = new Array<number>(entries.length).fill(0);
  distancesAt(src.schema.metric, q, src.catalog.vectors, offsets, norms, distances);
  const scored: Scored[] = entries.map((e, i) => ({ label: e.label, id: e.id, distance: distances[i] as number }));
  return scored.sort(byDistanceThenId);
}

/** Estimated number of live records the predicate accepts, from a deterministic stride sample. */
function estimateMatches(src: SearchSource, predicate: PayloadPredicate): number {
  const slots = src.catalog.labelSlots;
  const live = src.catalog.size;
  if (live <= SELECTIVITY_SAMPLE_SIZE) {
    let n = 0;
    for (const e of slots) if (e !== undefined && predicate(e.payload)) n++;
    return n;
  }
  const step = slots.length / SELECTIVITY_SAMPLE_SIZE;
  let sampled = 0;
  let matched = 0;
  for (let i = 0; i < SELECTIVITY_SAMPLE_SIZE; i++) {
    const e = slots[Math.floor(i * step)];
    if (e === undefined) continue;
    sampled++;
    if (predicate(e.payload)) matched++;
  }
  return sampled === 0 ? live : Math.ceil((matched / sampled) * live);
}

/**
 * Whether two exact distances are close enough that hnswlib's float32 distances may have
 * ordered them either way (float32 keeps about 7 significant digits).
 */
export const NEAR_TIE_RELATIVE = 1e-5;

function nearlyTied(a: number, b: number): boolean {
  return Math.abs(a - b) <= NEAR_TIE_RELATIVE * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}

/** Runs a validated search against one shard's state. */
export function executeSearch(src: SearchSource, req: NormalizedSearch): SearchResult {
  const live = src.catalog.size;
  if (live === 0) return { hits: [], plan: { path: 'empty', estimatedMatches: 0, ef: req.ef } };
  const q = prepareQuery(req.query, src.schema.metric);
  const fetch = Math.min(req.k + RERANK_EXTRA_CANDIDATES, live);
  let scored: Scored[];
  let plan: SearchPlan;
  const predicate = req.predicate;
  if (predicate === undefined) {
    // One candidate beyond k shows whether the k-th place is (nearly) tied; only then are the
    // extra candidates fetched, so that tied records are ordered by id as exact search orders
    // them. Most queries pay for k + 1 candidates instead of k + 8.
    const probe = Math.min(req.k + 1, live);
    let ef = Math.max(req.ef, probe);
    scored = hnswSearch(src, q, probe, ef);
    if (scored.length > req.k && nearlyTied(scored[req.k - 1]!.distance, scored[req.k]!.distance) && fetch > probe) {
      ef = Math.max(req.ef, fetch);
      scored = hnswSearch(src, q, fetch, ef);
    }
    plan = { path: 'hnsw', estimatedMatches: undefined, ef };
  } else {
    const estimated = estimateMatches(src, predicate);
    if (estimated <= src.filterExactMaxMatches) {
      scored = exactSearch(src, q, req.k, predicate);
      plan = { path: 'exact', estimatedMatches: estimated, ef: req.ef };
    } else {
      const selectivity = Math.max(estimated / live, 1 / live);
      const ef = Math.min(FILTERED_EF_MAX, Math.max(req.ef, fetch, Math.ceil(req.ef / selectivity)));
      const allow = (label: number): boolean => {
        const e = src.catalog.atLabel(label);
        return e !== undefined && predicate(e.payload);
      };
      scored = hnswSearch(src, q, fetch, ef, allow);
      plan = { path: 'filtered-hnsw', estimatedMatches: estimated, ef };
      if (scored.length < fetch) {
        // Fewer than asked: either fewer records match, or the filter cut the graph apart
        // around the query. Exact search is right in both cases.
        scored = exactSearch(src, q, req.k, predicate);
        plan = { path: 'exact-fallback', estimatedMatches: estimated, ef };
      }
    }
  }
  const hits = scored.slice(0, req.k).map((s): SearchHit => {
    const entry = src.catalog.atLabel(s.label);
    const payload = req.withPayload && entry !== undefined ? { payload: structuredClone(entry.payload) } : {};
    const vector = req.withVector ? { vector: src.catalog.vectorAt(s.label) } : {};
    return { id: s.id, distance: s.distance, ...payload, ...vector };
  });
  return { hits, plan };
}
