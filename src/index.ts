/** The library entry point: the embedded store, the cluster client, their errors and the record types. */
export { VectorStudio, type VectorStudioOptions, type CreateCollectionOptions, type CollectionInfo, type WriteResult } from './embedded/vector-studio.js';
export { CatalogError, type CatalogErrorCode } from './embedded/errors.js';
export {
  VectorStoreError,
  type VectorErrorCode,
  type UpsertInput,
  type DeleteInput,
  type VectorRecord,
  type JsonObject,
  type Metric,
  type SearchRequest,
  type SearchResult,
  type SearchHit,
  type Filter,
  type GetResult,
  type IndexCheck,
} from './store/vector/index.js';
export { VectorStudioClient, VectorStudioError, type ConnectOptions } from './client/index.js';
