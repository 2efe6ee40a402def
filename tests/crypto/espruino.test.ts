import { beforeAll, describe, expect, it } from 'vitest';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { ESPRUINO, ESPRUINO_SKIP_REASON, runEspruino } from '../support/espruino';
import { deviceCryptoBundle, espruinoCryptoPrelude } from './espruino-bundle';
import { wycheproofEd25519 } from './implementations';

// The device crypto, bundled like the firmware, inside the real Espruino interpreter:
// a handful of Wycheproof vectors (valid, bad R, S + L, S above the bound, x = 0 with the
// sign bit) with the JS SHA-512 and with Espruino's native one, and the JS hashes on
// every padding case.
const PICKED = [1, 3, 42, 63, 85, 151];
const HASH_LENGTHS = [0, 3, 55, 56, 63, 64, 111, 112, 127, 128, 200];
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const input = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);

describe(ESPRUINO ? 'device crypto in the Espruino interpreter' : `device crypto in the Espruino interpreter (skipped: ${ESPRUINO_SKIP_REASON})`, () => {
  if (!ESPRUINO) console.warn(`tests/crypto/espruino.test.ts: ${ESPRUINO_SKIP_REASON}`);
  const vectors = wycheproofEd25519().cases.filter((c) => PICKED.includes(c.tcId));
  let bundle = '';
  beforeAll(async () => {
    if (ESPRUINO) bundle = await deviceCryptoBundle();
  });

  for (const native of [false, true]) {
    it.skipIf(!ESPRUINO)(`verifies Wycheproof ${PICKED.join(', ')} correctly with ${native ? 'native' : 'JS'} SHA-512`, () => {
      const calls = vectors.map((v) =>
        `out("${v.tcId} "+dc.verify(hex("${hexOf(v.signature)}"),hex("${hexOf(v.message)}"),hex("${hexOf(v.publicKey)}")));`).join('\n');
      const run = runEspruino(`${bundle}\n${espruinoCryptoPrelude(native)}\n${calls}\nquit();`, { timeoutMs: 300_000 });
      expect(run.lines, run.raw.slice(-2000)).toEqual(vectors.map((v) => `${v.tcId} ${v.valid}`));
    }, 320_000);
  }

  // The key cache holds two decoded keys (~65 JS variables each on the Linux build); a
  // verification must leave nothing else behind.
  it.skipIf(!ESPRUINO)('repeated verifications with three keys keep at most the two cached keys', () => {
    const valid = wycheproofEd25519().cases.filter((c) => c.valid);
    const keys = [...new Map(valid.map((c) => [hexOf(c.publicKey), c])).values()].slice(0, 3);
    expect(keys).toHaveLength(3);
    const calls = [0, 1, 2, 0, 1, 2].map((i) => {
      const v = keys[i];
      return `if(!dc.verify(hex("${hexOf(v.signature)}"),hex("${hexOf(v.message)}"),hex("${hexOf(v.publicKey)}")))out("REJECTED");`;
    }).join('\n');
    const run = runEspruino(`${bundle}\n${espruinoCryptoPrelude(true)}\nvar m0=process.memory().usage;\n${calls}\nout(process.memory().usage-m0);quit();`, { timeoutMs: 300_000 });
    expect(run.lines, run.raw.slice(-2000)).toHaveLength(1);
    expect(Number(run.lines[0])).toBeLessThan(200);
  }, 320_000);

  it.skipIf(!ESPRUINO)('the JS SHA-256/512 equal @noble/hashes and the native ones in the interpreter', () => {
    const calls = HASH_LENGTHS.map((n) => {
      const h = `hex("${hexOf(input(n))}")`;
      return `out(${n}+" "+th(kerbCrypto.sha256(${h}))+" "+th(kerbCrypto.sha512(${h}))+" "+th(new Uint8Array(C.SHA256(${h})))+" "+th(new Uint8Array(C.SHA512(${h}))));`;
    }).join('\n');
    const th = 'function th(b){var s="";for(var i=0;i<b.length;i++)s+=(b[i]<16?"0":"")+b[i].toString(16);return s;}';
    const run = runEspruino(`${bundle}\n${espruinoCryptoPrelude(false)}\n${th}\n${calls}\nquit();`);
    const expected = HASH_LENGTHS.map((n) => {
      const d = input(n);
      return `${n} ${hexOf(sha256(d))} ${hexOf(sha512(d))} ${hexOf(sha256(d))} ${hexOf(sha512(d))}`;
    });
    expect(run.lines, run.raw.slice(-2000)).toEqual(expected);
  });
});
