import protobuf from 'protobufjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROTO_DIR, PROTO_FILES } from '../../src/wire/proto.js';

/**
 * proto/ must serve a Python or Go client as it is: the conventions of buf's default lint
 * (snake_case fields, UPPER_SNAKE enum values prefixed with their enum, a zero value named
 * *_UNSPECIFIED or meaningful, a Go package), nothing TypeScript-specific.
 */
function load(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/') || target.startsWith('/') ? target : join(PROTO_DIR, target));
  root.loadSync(PROTO_FILES.map((f) => join(PROTO_DIR, f)), { keepCase: true });
  root.resolveAll();
  return root;
}

function walk(ns: protobuf.NamespaceBase, out: protobuf.ReflectionObject[] = []): protobuf.ReflectionObject[] {
  for (const o of ns.nestedArray) {
    out.push(o);
    if (o instanceof protobuf.Namespace) walk(o, out);
  }
  return out;
}

const ours = (): protobuf.ReflectionObject[] => walk(load()).filter((o) => o.fullName.startsWith('.vstudio.v1.'));

describe('proto/ is portable to other languages', () => {
  it('every file declares package vstudio.v1 and a go_package', () => {
    for (const f of PROTO_FILES) {
      const text = readFileSync(join(PROTO_DIR, f), 'utf8');
      expect(text).toMatch(/^package vstudio\.v1;$/m);
      expect(text).toMatch(/^option go_package = "[^"]+";$/m);
    }
  });

  it('every field name is lower snake_case', () => {
    const bad = ours().filter((o): o is protobuf.Type => o instanceof protobuf.Type)
      .flatMap((t) => t.fieldsArray.map((f) => `${t.name}.${f.name}`).filter((n) => !/^[A-Za-z]+\.[a-z][a-z0-9_]*$/.test(n)));
    expect(bad).toEqual([]);
  });

  it('every enum value is UPPER_SNAKE, prefixed with its enum name, and the zero value exists', () => {
    const bad: string[] = [];
    for (const e of ours().filter((o): o is protobuf.Enum => o instanceof protobuf.Enum)) {
      const prefix = e.name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase() + '_';
      for (const name of Object.keys(e.values)) if (!name.startsWith(prefix) || !/^[A-Z][A-Z0-9_]*$/.test(name)) bad.push(`${e.name}.${name}`);
      if (!Object.values(e.values).includes(0)) bad.push(`${e.name} has no zero value`);
    }
    expect(bad).toEqual([]);
  });

  it('message and service names are PascalCase; every RPC has its own request message', () => {
    const objects = ours();
    const badNames = objects.filter((o) => (o instanceof protobuf.Type || o instanceof protobuf.Service) && !/^[A-Z][A-Za-z0-9]*$/.test(o.name)).map((o) => o.name);
    expect(badNames).toEqual([]);
    const seen = new Map<string, string>();
    for (const s of objects.filter((o): o is protobuf.Service => o instanceof protobuf.Service)) {
      for (const m of s.methodsArray) {
        expect(seen.get(m.requestType), `${s.name}.${m.name} shares its request type`).toBeUndefined();
        seen.set(m.requestType, `${s.name}.${m.name}`);
      }
    }
  });
});
