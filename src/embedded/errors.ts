/** Errors of the embedded store's own API (collections); record errors are VectorStoreError. */
export type CatalogErrorCode =
  | 'COLLECTION_NOT_FOUND'
  | 'COLLECTION_EXISTS'
  | 'INVALID_COLLECTION_NAME'
  | 'STORE_CLOSED';

const grpcStatusOf = {
  COLLECTION_NOT_FOUND: 'NOT_FOUND',
  COLLECTION_EXISTS: 'ALREADY_EXISTS',
  INVALID_COLLECTION_NAME: 'INVALID_ARGUMENT',
  STORE_CLOSED: 'FAILED_PRECONDITION',
} as const;

export class CatalogError extends Error {
  readonly code: CatalogErrorCode;
  readonly grpcStatus: (typeof grpcStatusOf)[CatalogErrorCode];
  readonly field: string | undefined;

  constructor(code: CatalogErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'CatalogError';
    this.code = code;
    this.grpcStatus = grpcStatusOf[code];
    this.field = field;
  }

  toStatusLine(): string {
    return `${this.grpcStatus}: ${this.message}`;
  }
}
