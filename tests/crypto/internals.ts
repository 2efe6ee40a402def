// The field and scalar arithmetic nested in ed25519Verify, reached through its test probe
// (with the JS dot product, as on a board without E.convolve).
import { ed25519Verify, type Probe } from '../../protocol/crypto/ed25519';

type Internals = Parameters<Probe>;

function probe(): Internals {
  let got: Internals | undefined;
  const dot = (a: Int32Array, b: Int32Array, offset: number) => {
    let s = 0;
    for (let i = 0; i < 15; i++) s += a[i] * b[i + offset];
    return s;
  };
  const none = new Uint8Array(0);
  ed25519Verify(() => none, dot, none, none, none, (...fns) => {
    got = fns;
    return true;
  });
  if (!got) throw new Error('ed25519Verify did not call its probe');
  return got;
}

export const [mul, mulx, mulF, toX, pack, unpack, isZero, isOdd, pow22523, lessThanL, reduceModL, slide] = probe();
export const fe = () => new Int32Array(15);
export const feX = () => new Int32Array(30);
export function sub(o: Int32Array, a: Int32Array, b: Int32Array): void {
  for (let i = 0; i < 15; i++) o[i] = a[i] - b[i];
}
