// E.hwRand: 32 bits from the nRF52's hardware RNG per call.
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  const v = new DataView(out.buffer);
  let i = 0;
  for (; i + 4 <= n; i += 4) v.setUint32(i, E.hwRand());
  for (; i < n; i++) out[i] = E.hwRand();
  return out;
}
