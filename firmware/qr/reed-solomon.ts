import { EXP, GENERATOR_LOGS } from './tables';
import { byteMap } from './bytemap';

// The remainder is kept in a 28-byte register (the longest EC block, 26, plus zero
// padding) seen as seven 32-bit words, so one division step is: shift the register by a
// byte (native copy), multiply the generator by the feedback byte (one native table
// lookup of all coefficients), and XOR seven words — instead of 26 interpreted
// multiply-and-XORs.
const REGISTER = new Uint8Array(28);
const WORDS = new Int32Array(REGISTER.buffer);
const ROW = new Uint8Array(28);
const ROW_WORDS = new Int32Array(ROW.buffer);

// EC codewords of one block: the remainder of data(x)·x^n divided by the generator.
export function errorCorrection(data: Uint8Array, n: number): Uint8Array {
  const gen = new Uint8Array(GENERATOR_LOGS[n]);
  const r = REGISTER;
  const w = WORDS;
  const t = ROW_WORDS;
  r.fill(0);
  ROW.fill(0);
  for (let i = 0; i < data.length; i++) {
    const lead = data[i] ^ r[0];
    r.set(r.subarray(1));
    if (lead) {
      byteMap(gen, ROW, EXP.subarray(EXP.indexOf(lead)));
      w[0] ^= t[0]; w[1] ^= t[1]; w[2] ^= t[2]; w[3] ^= t[3]; w[4] ^= t[4]; w[5] ^= t[5]; w[6] ^= t[6];
    }
  }
  return r.slice(0, n);
}
