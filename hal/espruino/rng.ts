// E.hwRand: 32 bits from the nRF52's hardware RNG per call, mapped natively over whole
// words (no interpreted loop); the bytes are a view of the first n.
export function randomBytes(n: number): Uint8Array {
  return new Uint8Array(new Uint32Array((n + 3) >> 2).map(E.hwRand).buffer, 0, n);
}
