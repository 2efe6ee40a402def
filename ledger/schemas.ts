import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import Ajv2020, { type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js';
import { Problem } from './problem';

// Request bodies are validated against the schemas of ledger/openapi.yaml itself, so the
// contract and the service cannot drift apart.
function findSpec(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const p of [join(dir, 'openapi.yaml'), join(dir, 'ledger', 'openapi.yaml')]) if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new Error('ledger/openapi.yaml not found');
}

export type BodySchema = 'EnrolRequest' | 'Limits' | 'BatchRequest' | 'IssuerKeyRequest' | 'CertificatesRequest' | 'RevocationRequest';

export class Schemas {
  private validators = new Map<string, ValidateFunction>();

  constructor() {
    const spec = YAML.parse(readFileSync(findSpec(), 'utf8')) as { components: unknown };
    const ajv = new Ajv2020({ strict: false, allErrors: false });
    ajv.addSchema({ $id: 'kerb-ledger', components: spec.components });
    for (const name of ['EnrolRequest', 'Limits', 'BatchRequest', 'IssuerKeyRequest', 'CertificatesRequest', 'RevocationRequest']) {
      this.validators.set(name, ajv.compile({ $ref: `kerb-ledger#/components/schemas/${name}` }));
    }
  }

  check<T>(name: BodySchema, body: unknown): T {
    const v = this.validators.get(name)!;
    if (!v(body)) {
      const errors = (v.errors ?? []).slice(0, 5).map((e: ErrorObject) => ({ path: e.instancePath || '/', message: e.message ?? 'invalid' }));
      throw new Problem(400, 'invalid_request', `request body does not match ${name}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { errors });
    }
    return body as T;
  }
}
