// Merkle–Damgård padding shared by SHA-256 (64-byte blocks, 8-byte length) and SHA-512
// (128-byte blocks, 16-byte length): one allocation per hash, none per block. Returned as
// the big-endian view both read their words through.
export function padMessage(data: Uint8Array, blockSize: number): DataView {
  const len = data.length;
  const lengthBytes = blockSize >> 3;
  const total = Math.ceil((len + 1 + lengthBytes) / blockSize) * blockSize;
  const m = new Uint8Array(total);
  m.set(data);
  m[len] = 0x80;
  const view = new DataView(m.buffer);
  view.setUint32(total - 4, (len * 8) >>> 0);
  view.setUint32(total - 8, Math.floor(len / 0x20000000));
  return view;
}

// The digest: the state words, big-endian.
export function digest(state: Int32Array): Uint8Array {
  const out = new DataView(new ArrayBuffer(4 * state.length));
  for (let i = 0; i < state.length; i++) out.setInt32(4 * i, state[i]);
  return new Uint8Array(out.buffer);
}
