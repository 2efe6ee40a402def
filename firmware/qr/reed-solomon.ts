import { EXP, GENERATOR_LOGS, LOG } from './tables';
import { byteMap } from './native';

// The division register: the longest EC block (26) plus zero padding, also seen as
// seven 32-bit words. One division step shifts it by a byte (native copy), multiplies
// the generator by the feedback byte (one native lookup of all coefficients) and XORs
// seven words — instead of 26 interpreted multiply-and-XORs.
export const REGISTER = new Uint8Array(28);
const WORDS = new Int32Array(REGISTER.buffer);
const TAIL = REGISTER.subarray(1);
const ROW = new Uint8Array(28);
const ROW_WORDS = new Int32Array(ROW.buffer);

// The generator for n EC codewords as a typed array (the native lookup reads it), made
// on first use.
const generators: Record<number, Uint8Array> = {};

export function generatorFor(n: number): Uint8Array {
  return generators[n] || (generators[n] = new Uint8Array(GENERATOR_LOGS[n]));
}

// Divides data codewords [from, to) into REGISTER, which holds the remainder of the
// codewords before `from` (zero it to start a block). The loop is the encoder's hottest:
// its locals are one letter (the interpreter re-reads every name on every step).
export function divide(data: Uint8Array, generator: Uint8Array, from: number, to: number): void {
  const d = data; // data codewords
  const g = generator; // generator coefficients, as logarithms
  const r = REGISTER;
  const s = TAIL; // the register from its second byte: r.set(s) shifts it by one byte
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
// that prefix alone: keep the previous block and a snapshot of the register after the
// part it shared with the block before it, and resume from there when the new block
// starts the same way (checked a word at a time).
const previous = new Uint8Array(256);
const previousWords = new Int32Array(previous.buffer);
const current = new Uint8Array(256);
const currentWords = new Int32Array(current.buffer);
const snapshot = new Uint8Array(28);
let previousLength = 0;
let previousEc = 0;
let snapshotAt = 0;

function startsLikePrevious(data: Uint8Array, k: number): boolean {
  current.set(data);
  const words = k >> 2;
  for (let w = 0; w < words; w++) if (currentWords[w] !== previousWords[w]) return false;
  for (let i = words << 2; i < k; i++) if (data[i] !== previous[i]) return false;
  return true;
}

// EC codewords of one block: the remainder of data(x)·x^n divided by the generator, as a
// view of the register (valid until the next call).
export function errorCorrection(data: Uint8Array, n: number): Uint8Array {
  const generator = generatorFor(n);
  ROW.fill(0); // a shorter generator leaves the rest of the row zero
  if (previousEc === n && snapshotAt > 0 && snapshotAt <= data.length && startsLikePrevious(data, snapshotAt)) {
    REGISTER.set(snapshot);
    divide(data, generator, snapshotAt, data.length);
  } else {
    let shared = 0;
    if (previousEc === n) {
      const end = Math.min(previousLength, data.length);
      while (shared < end && data[shared] === previous[shared]) shared++;
    }
    REGISTER.fill(0);
    divide(data, generator, 0, shared);
    snapshot.set(REGISTER);
    snapshotAt = shared;
    divide(data, generator, shared, data.length);
  }
  previous.set(data);
  previousLength = data.length;
  previousEc = n;
  return REGISTER.subarray(0, n);
}
