import { EXP, LOG } from './tables';
import { byteMap } from './native';

// The division register: the longest EC block (26) plus zero padding, also seen as
// seven 32-bit words. One division step shifts it by a byte (native copy), multiplies
// the generator by the feedback byte (one native lookup of all coefficients) and XORs
// seven words — instead of 26 interpreted multiply-and-XORs.
const REGISTER = new Uint8Array(28);
const WORDS = new Int32Array(REGISTER.buffer);
const TAIL = REGISTER.subarray(1);
const ROW = new Uint8Array(28);
const ROW_WORDS = new Int32Array(ROW.buffer);

// The generator Π(x − α^i), i < n, for n EC codewords, without its leading 1, as the
// logarithms of its coefficients (highest degree first), made on first use (prepareQr
// makes the payment request's at boot). No coefficient is 0.
const generators: Record<number, Uint8Array> = {};

function generatorFor(n: number): Uint8Array {
  let g = generators[n];
  if (!g) {
    // Multiplies by (x − α^i) one i at a time (a few thousand interpreted steps, once).
    const c = new Uint8Array(n + 1);
    c[0] = 1;
    for (let i = 0; i < n; i++) for (let j = i + 1; j; j--) c[j] ^= EXP[LOG[c[j - 1]] + i];
    g = generators[n] = new Uint8Array(n);
    byteMap(c.subarray(1), g, LOG);
  }
  return g;
}

// Divides data codewords [from, to) into REGISTER, which holds the remainder of the
// codewords before `from`. The loop is the encoder's hottest: its locals are one letter
// (the interpreter re-reads every name on every step).
function divide(data: Uint8Array, generator: Uint8Array, from: number, to: number): void {
  const d = data;
  const g = generator;
  const r = REGISTER;
  const s = TAIL; // r.set(s) shifts the register by one byte
  const w = WORDS;
  const t = ROW_WORDS;
  const x = ROW; // generator × feedback
  const l = LOG;
  const e = EXP;
  const m = byteMap;
  let f; // feedback byte
  for (let i = from; i < to; i++) {
    f = d[i] ^ r[0];
    r.set(s);
    if (f) {
      m(g, x, e.subarray(l[f]));
      w[0] ^= t[0]; w[1] ^= t[1]; w[2] ^= t[2]; w[3] ^= t[3]; w[4] ^= t[4]; w[5] ^= t[5]; w[6] ^= t[6];
    }
  }
}

// Consecutive payment requests from one terminal share their first ~15 data codewords
// (prefix, type, terminal and merchant ids), and the register after a prefix depends on
// that prefix alone: keep the previous block and the register after the part it shared
// with the block before it (a zero register at 0), and resume from there. The shared
// part is found two codewords at a time, in locals (the interpreter looks every outer
// name up, one by one).
const previous = new Uint8Array(256);
const previousPairs = new Uint16Array(previous.buffer);
const current = new Uint8Array(256);
const currentPairs = new Uint16Array(current.buffer);
const snapshot = new Uint8Array(28);
let previousEc = 0;
let snapshotAt = 0;

// EC codewords of one block: the remainder of data(x)·x^n divided by the generator, as a
// view of the register (valid until the next call).
export function errorCorrection(data: Uint8Array, n: number): Uint8Array {
  const generator = generatorFor(n);
  const length = data.length;
  let shared = 0;
  if (previousEc === n) {
    const c = currentPairs;
    const p = previousPairs;
    current.set(data);
    while (c[shared] === p[shared] && shared < length >> 1) shared++;
    shared <<= 1;
  }
  let at = snapshotAt;
  if (shared < at) {
    snapshot.fill(0);
    at = 0;
  }
  ROW.fill(0); // a shorter generator leaves the rest of the row zero
  REGISTER.set(snapshot);
  if (shared > at) {
    divide(data, generator, at, shared);
    snapshot.set(REGISTER);
  }
  snapshotAt = shared;
  divide(data, generator, shared, length);
  previous.set(data);
  previousEc = n;
  return REGISTER.subarray(0, n);
}

// Makes the generator for n EC codewords ahead of the first code.
export function prepareEc(n: number): void {
  generatorFor(n);
}
