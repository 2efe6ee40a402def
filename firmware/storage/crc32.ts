import type { Crc32 } from '../../hal/ports/flash';

// CRC-32 (IEEE 802.3, as zlib and Espruino's E.CRC32). The device passes its native
// E.CRC32 instead; this one serves Node and boards without it.
let table: Uint32Array | undefined;

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

export const crc32: Crc32 = (bytes: Uint8Array): number => {
  const t = table || (table = makeTable());
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
