// Differential check of the two Ed25519 verifiers: seeded random valid signatures, each
// followed by one mutation (bit flips, S + L, non-canonical y, small-order and mixed-order
// points, random bytes). Host (@noble/ed25519, zip215: false) and device must decide the
// same on every input. Signatures over torsion-shifted points are built here with BigInt
// (host-only test code) so that the cofactored equation is exercised, not just rejections.
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { hostCrypto, seededRandom } from '../../protocol/crypto/host';
import { deviceCrypto } from './implementations';

const P = 2n ** 255n - 19n;
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

const toNumberLE = (b: Uint8Array) => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
const toBytesLE = (n: bigint, len = 32) => {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) { out[i] = Number(n & 255n); n >>= 8n; }
  return out;
};
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};

// The 8-torsion: multiples of a point of order 8 (RFC 8032 / libsodium blocklist).
const T8 = ed.Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
const TORSION: ed.Point[] = [ed.Point.ZERO];
for (let i = 1; i < 8; i++) TORSION.push(TORSION[i - 1].add(T8));

export const KINDS = [
  'valid', 'flip-R', 'flip-S', 'flip-A', 'flip-message', 'S+L', 'S-high-bits', 'noncanonical-A', 'noncanonical-R',
  'small-order-A', 'small-order-R', 'mixed-order-A', 'mixed-order-R', 'random-signature', 'random-A',
] as const;
export type Kind = (typeof KINDS)[number];

export interface Case { kind: Kind; signature: Uint8Array; message: Uint8Array; publicKey: Uint8Array }

export function differentialCases(seed: string, count: number): Case[] {
  const rnd = seededRandom(seed);
  const int = (n: number) => {
    const b = rnd(4);
    return ((b[0] | b[1] << 8 | b[2] << 16) + b[3] * 16777216) % n;
  };
  const scalar = () => toNumberLE(rnd(64)) % L;
  const flip = (b: Uint8Array, from: number, to: number) => {
    const c = b.slice();
    const bit = from * 8 + int((to - from) * 8);
    c[bit >> 3] ^= 1 << (bit & 7);
    return c;
  };
  // S = r + H(R ‖ A ‖ M)·a, for any encodings of R and A (torsion-shifted ones included).
  const signRaw = (r: bigint, a: bigint, rBytes: Uint8Array, aBytes: Uint8Array, m: Uint8Array) =>
    concat(rBytes, toBytesLE((r + (toNumberLE(sha512(concat(rBytes, aBytes, m))) % L) * a) % L));
  const nonCanonical = () => {
    const y = BigInt(int(19));
    const b = toBytesLE(y + P);
    if (int(2)) b[31] |= 0x80;
    return b;
  };

  const cases: Case[] = [];
  for (let n = 0; n < count; n++) {
    const seedKey = rnd(32);
    const message = rnd(int(200));
    const publicKey = hostCrypto.publicKey(seedKey);
    const signature = hostCrypto.sign(message, seedKey);
    cases.push({ kind: 'valid', signature, message, publicKey });

    const kind = KINDS[1 + int(KINDS.length - 1)];
    const c: Case = { kind, signature, message, publicKey };
    const sBig = toNumberLE(signature.subarray(32));
    switch (kind) {
      case 'flip-R': c.signature = flip(signature, 0, 32); break;
      case 'flip-S': c.signature = flip(signature, 32, 64); break;
      case 'flip-A': c.publicKey = flip(publicKey, 0, 32); break;
      case 'flip-message': c.message = message.length ? flip(message, 0, message.length) : new Uint8Array([int(256)]); break;
      case 'S+L': c.signature = concat(signature.subarray(0, 32), toBytesLE(sBig + L)); break;
      case 'S-high-bits': c.signature = concat(signature.subarray(0, 32), toBytesLE(sBig | (BigInt(1 + int(7)) << 253n))); break;
      case 'noncanonical-A': c.publicKey = nonCanonical(); break;
      case 'noncanonical-R': c.signature = concat(nonCanonical(), signature.subarray(32)); break;
      case 'small-order-A': {
        // The classic forgery against cofactorless checks: A and R small order, S = 0.
        c.publicKey = TORSION[int(8)].toBytes();
        c.signature = concat(TORSION[int(8)].toBytes(), toBytesLE(int(2) ? 0n : scalar()));
        break;
      }
      case 'small-order-R': {
        const a = scalar() || 1n;
        const aBytes = ed.Point.BASE.multiply(a).toBytes();
        c.publicKey = aBytes;
        c.signature = signRaw(0n, a, TORSION[int(8)].toBytes(), aBytes, message);
        break;
      }
      case 'mixed-order-A': {
        const a = scalar() || 1n, r = scalar() || 1n;
        const aBytes = ed.Point.BASE.multiply(a).add(TORSION[1 + int(7)]).toBytes();
        c.publicKey = aBytes;
        c.signature = signRaw(r, a, ed.Point.BASE.multiply(r).toBytes(), aBytes, message);
        break;
      }
      case 'mixed-order-R': {
        const a = scalar() || 1n, r = scalar() || 1n;
        const aBytes = ed.Point.BASE.multiply(a).toBytes();
        c.publicKey = aBytes;
        c.signature = signRaw(r, a, ed.Point.BASE.multiply(r).add(TORSION[1 + int(7)]).toBytes(), aBytes, message);
        break;
      }
      case 'random-signature': c.signature = rnd(64); break;
      case 'random-A': c.publicKey = rnd(32); break;
      default: throw new Error(`unhandled kind ${kind}`);
    }
    cases.push(c);
  }
  return cases;
}

export interface Outcome { kind: Kind; host: boolean; device: boolean }

export function runDifferential(seed: string, count: number): Outcome[] {
  return differentialCases(seed, count).map((c) => ({
    kind: c.kind,
    host: hostCrypto.verify(c.signature, c.message, c.publicKey),
    device: deviceCrypto.verify(c.signature, c.message, c.publicKey),
  }));
}
