// The two Crypto port implementations every crypto test runs against, and vector loading.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Crypto } from '../../protocol/crypto/port';
import { hostCrypto } from '../../protocol/crypto/host';
import { createDeviceCrypto } from '../../protocol/crypto/device';

// Device crypto as on a board without native hashes: JS SHA-256/512 and the JS dot product.
export const deviceCrypto = createDeviceCrypto({ random: hostCrypto.random });

export const IMPLEMENTATIONS: Array<[string, Crypto]> = [['host', hostCrypto], ['device', deviceCrypto]];

export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

export interface WycheproofCase {
  tcId: number;
  comment: string;
  flags: string[];
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
  valid: boolean;
}

interface WycheproofFile {
  numberOfTests: number;
  testGroups: Array<{ publicKey: { pk: string }; tests: Array<{ tcId: number; comment: string; flags: string[]; msg: string; sig: string; result: string }> }>;
}

const vectorsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'protocol', 'vectors', 'wycheproof');

export function wycheproofEd25519(): { declared: number; cases: WycheproofCase[] } {
  const file = JSON.parse(readFileSync(join(vectorsDir, 'ed25519_test.json'), 'utf8')) as WycheproofFile;
  const cases: WycheproofCase[] = [];
  for (const group of file.testGroups) {
    for (const t of group.tests) {
      if (t.result !== 'valid' && t.result !== 'invalid') throw new Error(`tcId ${t.tcId}: unexpected result '${t.result}'`);
      cases.push({
        tcId: t.tcId, comment: t.comment, flags: t.flags,
        publicKey: hex(group.publicKey.pk), message: hex(t.msg), signature: hex(t.sig), valid: t.result === 'valid',
      });
    }
  }
  return { declared: file.numberOfTests, cases };
}
