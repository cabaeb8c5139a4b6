/**
 * Top-k search over one shard: the request, its validation, and the plan that picks between
 * HNSW, filtered HNSW and exact search (Qdrant's query planner in miniature).
 *
 * - No filter: HNSW with `ef`, fetching k + 1 candidates, ordered by hnswlib's float32
 *   distances where they are far enough apart for float32 rounding not to matter, and elsewhere
 *   (runs of near ties) re-ranked with exact distances (distance.ts) and ties broken by id. When
 *   the k-th place is (nearly) tied, all the candidates are re-ranked exactly, and a few extra
 *   ({@link RERANK_EXTRA_CANDIDATES}) are fetched so that ties order by id.
 * - Filter: estimate how many records match, from a deterministic sample of
 *   {@link SELECTIVITY_SAMPLE_SIZE} records (all of them when the shard is that small). At most
 *   {@link FILTER_EXACT_MAX_MATCHES} estimated matches: exact search over the matching records,
 *   which is both cheaper and exact where filtered HNSW degrades (a very selective filter
 *   disconnects the graph). Otherwise: HNSW with the filter as hnswlib's per-candidate callback
 *   and `ef` raised by 1/selectivity (capped at {@link FILTERED_EF_MAX}); if that still finds
 *   fewer than requested, fall back to exact search.
 */
import { distanceAt, distancesAt, prepareQuery, vectorNorm, type PreparedQuery } from './distance.js';
import { VectorStoreError } from './errors.js';
import { compileFilter, validateFilter, type Filter, type PayloadPredicate } from './filter.js';
import type { HnswHits, HnswIndex } from './hnsw-index.js';
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

/**
 * One result. `distance` follows the metric's convention (see `Metric`): smaller is closer. It is
 * exact (distance.ts) when the search re-ranked the hit, which it always does on the exact and
 * filtered paths and for near ties, and otherwise hnswlib's float32 distance, which differs from
 * the exact one by float32 rounding only (below (dimension + 8)·2^-24 relative for l2). The order
 * of the hits is exact either way.
 */
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
  /** The request's own array when it was a Float32Array (search only reads it), else a copy. */
  readonly query: Float32Array;
  readonly k: number;
  readonly ef: number;
  readonly predicate: PayloadPredicate | undefined;
  readonly withPayload: boolean;
  readonly withVector: boolean;
}

/** Validates a search request; errors name the field and map to `INVALID_ARGUMENT`. */
export function validateSearchRequest(schema: CollectionSchema, req: SearchRequest): NormalizedSearch {
  const query = validateQuery(schema, req.vector);
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

/**
 * The query vector as float32. A Float32Array of the right dimension whose values are all finite
 * is used as it is: validateVector copies it, as records must be (they are kept), but a search
 * reads its query only until it returns, and on the hot path the copy cost more than the check
 * (allocating 4·dimension bytes per query, then reading them cold). Anything else goes through
 * validateVector, which converts it or throws the error that names the field.
 */
function validateQuery(schema: CollectionSchema, vector: unknown): Float32Array {
  if (vector instanceof Float32Array && vector.length === schema.dimension && allFinite(vector)) return vector;
  return validateVector(schema, vector, 'vector');
}

/** Whether no value is NaN or ±Infinity: x·0 is 0 for every finite x and NaN for the others. */
function allFinite(v: Float32Array): boolean {
  let a = 0;
  let b = 0;
  let i = 0;
  for (; i + 2 <= v.length; i += 2) {
    a += (v[i] as number) * 0;
    b += (v[i + 1] as number) * 0;
  }
  if (i < v.length) a += (v[i] as number) * 0;
  return a + b === 0;
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
  return rerank(src, q, src.index.search(q.vector, fetch, ef, allow).labels, Infinity);
}

/** The live candidates among the first `limit` of `labels`, with their exact distances, sorted. */
function rerank(src: SearchSource, q: PreparedQuery, labels: readonly number[], limit: number): Scored[] {
  const { catalog } = src;
  const dimension = src.schema.dimension;
  const n = Math.min(labels.length, limit);
  const live: number[] = [];
  const offsets: number[] = [];
  const norms: number[] = [];
  for (let j = 0; j < n; j++) {
    const label = labels[j] as number;
    if (catalog.atLabel(label) === undefined) continue;
    live.push(label);
    offsets.push(label * dimension);
    norms.push(catalog.normAt(label));
  }
  const distances = new Array<number>(live.length).fill(0);
  distancesAt(src.schema.metric, q, catalog.vectors, offsets, norms, distances);
  const scored = new Array<Scored>(live.length);
  for (let j = 0; j < live.length; j++) {
    const label = live[j] as number;
    scored[j] = { label, id: (catalog.atLabel(label) as CatalogEntry).id, distance: distances[j] as number };
  }
  return scored.sort(byDistanceThenId);
}

/**
 * The common case of an unfiltered search, answered from hnswlib's float32 distances without
 * reading a stored vector: hnswlib returned k + 1 candidates in ascending order of them. Two
 * neighbours in that order whose float32 distances differ by more than float32 can have erred on
 * both ({@link float32Slack}) are in the same order exactly, so the order is exact except within
 * runs of nearly tied neighbours; each such run is re-ranked with exact distances and ties broken
 * by id, and its hits report their exact distances. The other hits report hnswlib's distance,
 * which differs from the exact one only by float32 rounding. When the k-th and the (k+1)-th are
 * nearly tied (which of them belongs to the top k is then not known), or a label is stale, this
 * returns undefined and the caller re-ranks all the candidates exactly, fetching more on a near
 * tie. Each exact re-rank reads 4·dimension bytes per candidate from memory that is rarely in
 * cache, which was most of what search cost beyond hnswlib itself.
 */
function rankByFloat32(src: SearchSource, q: PreparedQuery, found: HnswHits, k: number): Scored[] | undefined {
  const { labels, distances } = found;
  if (labels.length !== k + 1) return undefined;
  const slack = float32Slack(src, q, found);
  const apart = (j: number): boolean => (distances[j + 1] as number) - (distances[j] as number) > slack(j);
  if (!apart(k - 1)) return undefined;
  const scored = new Array<Scored>(k);
  for (let j = 0; j < k; j++) {
    const label = labels[j] as number;
    const entry = src.catalog.atLabel(label);
    if (entry === undefined) return undefined;
    scored[j] = { label, id: entry.id, distance: distances[j] as number };
  }
  for (let start = 0, j = 1; j <= k; j++) {
    if (j < k && !apart(j - 1)) continue;
    if (j - start > 1) {
      const run = rerank(src, q, labels.slice(start, j), Infinity);
      for (let i = 0; i < run.length; i++) scored[start + i] = run[i] as Scored;
    }
    start = j;
  }
  return scored;
}

/** 2^-23: twice float32's unit roundoff. */
const FLOAT32_EPSILON = 2 ** -23;

/**
 * For hnswlib's candidates `found`, a function of j bounding from above how far the float32
 * distances of the j-th and (j+1)-th can have erred in total, with a factor of 2 to spare. hnswlib
 * sums the dimension's terms in float32, SIMD or not, so each term and partial sum is rounded: the
 * error of a sum of n terms is below n·u·Σ|terms| (u = 2^-24), and (dimension + 8)·2^-23 covers
 * n·u twice over with the roundings of the terms themselves. Σ|terms| is the distance itself for
 * l2; at most 1 for cosine (hnswlib normalizes both vectors in float32, whose norms add as much
 * error again); at most |q|·|x| (Cauchy-Schwarz) for ip, plus the distance, 1 − dot.
 */
function float32Slack(src: SearchSource, q: PreparedQuery, found: HnswHits): (j: number) => number {
  const rel = (src.schema.dimension + 8) * FLOAT32_EPSILON;
  const { labels, distances } = found;
  switch (src.schema.metric) {
    case 'l2':
      return (j) => rel * Math.max(distances[j] as number, distances[j + 1] as number);
    case 'cosine':
      return () => rel * 4;
    case 'ip': {
      const qNorm = vectorNorm(q.vector);
      const norm = (j: number): number => src.catalog.normAt(labels[j] as number);
      return (j) => rel * (1 + Math.abs(distances[j] as number) + Math.abs(distances[j + 1] as number) + qNorm * Math.max(norm(j), norm(j + 1)));
    }
  }
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
    const found = src.index.search(q.vector, probe, ef);
    scored = rankByFloat32(src, q, found, req.k) ?? rerank(src, q, found.labels, Infinity);
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
  const hits: SearchHit[] = [];
  for (let i = 0; i < scored.length && i < req.k; i++) {
    const s = scored[i] as Scored;
    const hit: { id: string; distance: number; payload?: JsonObject; vector?: Float32Array } = { id: s.id, distance: s.distance };
    if (req.withPayload) {
      const entry = src.catalog.atLabel(s.label);
      if (entry !== undefined) hit.payload = structuredClone(entry.payload);
    }
    if (req.withVector) hit.vector = src.catalog.vectorAt(s.label);
    hits.push(hit);
  }
  return { hits, plan };
}
