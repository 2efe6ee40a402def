import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { makeWorld, type World } from '../../ledger/testing/world';

// The contract and the service agree: every $ref in ledger/openapi.yaml resolves, every
// operation the spec lists is served (not 404/405), and nothing else is.
type Json = Record<string, unknown>;
const spec = YAML.parse(readFileSync('ledger/openapi.yaml', 'utf8')) as Json & { paths: Record<string, Record<string, Json>> };

function resolve(pointer: string): unknown {
  let node: unknown = spec;
  for (const part of pointer.replace(/^#\//, '').split('/')) node = (node as Json)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

let w: World;
beforeAll(async () => {
  w = await makeWorld({ seed: 'openapi' });
});
afterAll(() => w.close());

describe('ledger/openapi.yaml', () => {
  it('is OpenAPI 3.1 and every $ref resolves', () => {
    expect(spec.openapi).toBe('3.1.0');
    const all = refs(spec);
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter((r) => resolve(r) === undefined)).toEqual([]);
    const ids = Object.values(spec.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId).filter(Boolean));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes exactly the operations the service serves', async () => {
    const t = await w.terminal(9);
    const methods = ['get', 'put', 'post', 'delete', 'patch'];
    for (const [path, ops] of Object.entries(spec.paths)) {
      const url = path.replace('{terminalId}', String(t.terminalId)).replace('{keyId}', '7').replace('{merchantId}', '9');
      for (const m of methods) {
        const r = await w.api(m.toUpperCase(), url, m === 'get' || m === 'delete' ? undefined : {});
        const served = !(r.status === 404 && r.json?.code === 'not_found') && r.status !== 405;
        expect([m, path, served]).toEqual([m, path, m in ops]);
      }
    }
  });
});
