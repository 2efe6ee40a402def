// CRC-32/ISO-HDLC (the zlib/Ethernet CRC: reflected polynomial 0xEDB88320, init and
// final xor 0xFFFFFFFF), the function Espruino's native E.CRC32 computes. The device
// passes E.CRC32 in; Node and the simulator use this table-driven one. Check value:
// crc32("123456789") = 0xCBF43926.
export type Crc32 = (data: Uint8Array) => number;

let table: Uint32Array | null = null;

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

export function crc32(data: Uint8Array): number {
  const t = table ?? (table = makeTable());
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
