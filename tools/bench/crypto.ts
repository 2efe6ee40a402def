// Device crypto cost. In the real Espruino interpreter (ESPRUINO; point it at an -Os
// build, whose instruction counts are the ones DESIGN.md §4 means): callgrind instructions
// (baseline-subtracted) and wall time for one Ed25519 verification with the JS and the
// native SHA-512, and SHA-256 of 64 and 256 bytes, JS vs native; the projected time on a
// 64 MHz nRF52 (instructions / 64e6 s, about ±1.5×). In Node: verifications per second.
import { ESPRUINO, ESPRUINO_SKIP_REASON, countInstructions, hasValgrind, runEspruino } from '../../tests/support/espruino';
import { deviceCryptoBundle, espruinoCryptoPrelude } from '../../tests/crypto/espruino-bundle';
import { createDeviceCrypto } from '../../protocol/crypto/device';
import { hostCrypto, seededRandom } from '../../protocol/crypto/host';
import type { Crypto } from '../../protocol/crypto/port';

const NRF52_HZ = 64e6;
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

// A payment-sized message (the wallet signs ~120 bytes) under a seeded key.
function sample() {
  const random = seededRandom('bench-crypto');
  const seed = random(32);
  const message = random(120);
  return { publicKey: hostCrypto.publicKey(seed), message, signature: hostCrypto.sign(message, seed) };
}

function nodeRate(name: string, crypto: Crypto): void {
  const s = sample();
  if (!crypto.verify(s.signature, s.message, s.publicKey)) throw new Error(`${name}: sample signature rejected`);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 1000) {
    crypto.verify(s.signature, s.message, s.publicKey);
    n++;
  }
  const ms = (performance.now() - start) / n;
  console.log(`node  ${name.padEnd(34)} ${(1000 / ms).toFixed(0).padStart(6)} verifies/s  (${ms.toFixed(2)} ms each)`);
}

function fmt(instructions: number, wallMs: number): string {
  const seconds = instructions / NRF52_HZ;
  const nrf = seconds < 1 ? `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : 0)} ms` : `${seconds.toFixed(1)} s`;
  return `${(instructions / 1e6).toFixed(3).padStart(10)} M instr  ${wallMs.toFixed(2).padStart(8)} ms x86 wall  ≈ ${nrf} on a 64 MHz nRF52 (±1.5×)`;
}

export async function run(): Promise<void> {
  nodeRate('host (@noble/ed25519)', hostCrypto);
  nodeRate('device (JS hashes, JS dot product)', createDeviceCrypto({ random: hostCrypto.random }));

  if (!ESPRUINO) {
    console.log(`espruino: ${ESPRUINO_SKIP_REASON}. Set ESPRUINO to an Espruino Linux build (-Os preferred) for the interpreter figures.`);
    return;
  }
  if (!hasValgrind()) {
    console.log('espruino: valgrind is not installed: no instruction counts');
    return;
  }
  console.log(`espruino: ${ESPRUINO}`);
  const bundle = await deviceCryptoBundle();
  const s = sample();
  const verifyCall = `dc.verify(hex("${hexOf(s.signature)}"),hex("${hexOf(s.message)}"),hex("${hexOf(s.publicKey)}"))`;
  const data64 = `hex("${hexOf(seededRandom('d64')(64))}")`;
  const data256 = `hex("${hexOf(seededRandom('d256')(256))}")`;
  // [name, native hashes, setup run before the measured op (in the baseline too), op,
  //  repetitions: small operations are repeated so that run-to-run noise averages out]
  const once = `if(!${verifyCall})out("REJECTED");`;
  const cases: Array<[string, boolean, string, string, number]> = [
    ['Ed25519 verify, JS SHA-512', false, '', once, 1],
    ['Ed25519 verify, native SHA-512', true, '', once, 1],
    ['verify again, same key (key cached)', true, once, once, 1],
    ['SHA-256 of 64 bytes, JS', false, '', `kerbCrypto.sha256(d64);`, 5],
    ['SHA-256 of 64 bytes, native', false, '', `new Uint8Array(C.SHA256(d64));`, 200],
    ['SHA-256 of 256 bytes, JS', false, '', `kerbCrypto.sha256(d256);`, 5],
    ['SHA-256 of 256 bytes, native', false, '', `new Uint8Array(C.SHA256(d256));`, 200],
    ['SHA-512 of 184 bytes, JS', false, '', `kerbCrypto.sha512(d184);`, 5],
    ['SHA-512 of 184 bytes, native', false, '', `new Uint8Array(C.SHA512(d184));`, 200],
  ];
  const setup = (native: boolean) => `${bundle}\n${espruinoCryptoPrelude(native)}\nvar d64=${data64},d256=${data256},d184=new Uint8Array(184);\n`;
  for (const [name, native, before, op, reps] of cases) {
    const loop = (body: string) => `for(var rep=0;rep<${reps};rep++){${body}}`;
    const base = countInstructions(`${setup(native)}${before}\n${loop('')}\nquit();`).instructions;
    const measured = countInstructions(`${setup(native)}${before}\n${loop(op)}\nquit();`);
    if (measured.lines.includes('REJECTED')) throw new Error(`${name}: the interpreter rejected a valid signature`);
    const wall = runEspruino(`${setup(native)}${before}\nvar t0=Date.now();${loop(op)}out(Date.now()-t0);quit();`);
    console.log(`espruino  ${name.padEnd(36)} ${fmt((measured.instructions - base) / reps, Number(wall.lines[wall.lines.length - 1]) / reps)}`);
  }
  console.log('reference (DESIGN.md §1): TweetNaCl verify ≈ 42,000 M instructions, ≈ 11 min on an nRF52');
}
