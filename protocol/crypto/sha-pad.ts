// Merkle–Damgård padding shared by SHA-256 (64-byte blocks, 8-byte length) and SHA-512
// (128-byte blocks, 16-byte length): one allocation per hash, none per block.
export function padMessage(data: Uint8Array, blockSize: number): Uint8Array {
  const len = data.length;
  const lengthBytes = blockSize >> 3;
  const total = Math.ceil((len + 1 + lengthBytes) / blockSize) * blockSize;
  const m = new Uint8Array(total);
  m.set(data);
  m[len] = 0x80;
  const view = new DataView(m.buffer);
  view.setUint32(total - 4, (len * 8) >>> 0);
  view.setUint32(total - 8, Math.floor(len / 0x20000000));
  return m;
}
