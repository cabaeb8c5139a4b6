/**
 * Metadata keys of the wire contract, beside the gRPC status. Plain ASCII keys and values, so
 * that any gRPC client can read them.
 */

/** Trailer on an UNAVAILABLE / DEADLINE_EXCEEDED write whose outcome is unknown: value `unknown`. */
export const OUTCOME_METADATA_KEY = 'vstudio-outcome';
export const OUTCOME_UNKNOWN = 'unknown';
/** Trailer on INVALID_ARGUMENT / NOT_FOUND / FAILED_PRECONDITION: the request field at fault (`items[3].record.vector`). */
export const FIELD_METADATA_KEY = 'vstudio-field';
/** Trailer on every data response: the client address of the replica that served it (leader caching). */
export const SERVED_BY_METADATA_KEY = 'vstudio-served-by';
/** Trailer on writes and leader reads: the group that served the request. */
export const GROUP_METADATA_KEY = 'vstudio-group';
/** Trailer of a refusal by a node that is not the leader: the leader it knows (a node id). */
export const LEADER_ID_METADATA_KEY = 'vstudio-leader-id';
/** Trailer of a refusal: nothing was done; the request may be sent again (elsewhere, or after a pause). */
export const RETRYABLE_METADATA_KEY = 'vstudio-retryable';
