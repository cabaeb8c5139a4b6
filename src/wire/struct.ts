import type { ListValue__Output } from './gen/google/protobuf/ListValue.js';
import type { Struct, Struct__Output } from './gen/google/protobuf/Struct.js';
import type { Value, Value__Output } from './gen/google/protobuf/Value.js';

/** A JSON value as google.protobuf.Struct can carry it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Bound on nesting while converting, so that a hostile message cannot exhaust the stack. */
export const MAX_STRUCT_DEPTH = 64;

export class StructDepthError extends Error {
  constructor() {
    super(`nested deeper than ${MAX_STRUCT_DEPTH} levels`);
    this.name = 'StructDepthError';
  }
}

export function jsonToValue(v: JsonValue, depth = 0): Value {
  if (depth > MAX_STRUCT_DEPTH) throw new StructDepthError();
  if (v === null) return { nullValue: 'NULL_VALUE' };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return { numberValue: v };
  if (typeof v === 'string') return { stringValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map((x) => jsonToValue(x, depth + 1)) } };
  return { structValue: jsonToStruct(v, depth + 1) };
}

export function jsonToStruct(o: JsonObject, depth = 0): Struct {
  if (depth > MAX_STRUCT_DEPTH) throw new StructDepthError();
  const fields: Record<string, Value> = {};
  for (const [k, v] of Object.entries(o)) fields[k] = jsonToValue(v, depth + 1);
  return { fields };
}

export function valueToJson(v: Value__Output, depth = 0): JsonValue {
  if (depth > MAX_STRUCT_DEPTH) throw new StructDepthError();
  switch (v.kind) {
    case 'boolValue': return v.boolValue ?? false;
    case 'numberValue': return v.numberValue ?? 0;
    case 'stringValue': return v.stringValue ?? '';
    case 'listValue': return listToJson(v.listValue, depth + 1);
    case 'structValue': return v.structValue === null || v.structValue === undefined ? {} : structToJson(v.structValue, depth + 1);
    default: return null;
  }
}

function listToJson(l: ListValue__Output | null | undefined, depth: number): JsonValue[] {
  return (l?.values ?? []).map((x) => valueToJson(x, depth + 1));
}

export function structToJson(s: Struct__Output, depth = 0): JsonObject {
  if (depth > MAX_STRUCT_DEPTH) throw new StructDepthError();
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(s.fields ?? {})) out[k] = valueToJson(v, depth + 1);
  return out;
}
