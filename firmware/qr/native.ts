// The bulk operation the QR encoder leans on. On Espruino it is the native built-in
// E.mapInPlace, so a whole table costs about as much as one interpreted statement; the
// portable version below stands in on Node. The board entry (hal/espruino/device.ts)
// installs the native one with useNativeQr().

// Looks every element of `from` up in `table` and writes the results into `to`, exactly
// as E.mapInPlace does: `from` is read as a big-endian bit stream in chunks of `bits`
// bits (default: its element width), `to` is written element by element (little-endian
// for wider elements), a missing table passes values through, and it stops at the end
// of either array (a last partial chunk of `from` is padded with zero bits).
export type ByteMap = (from: Uint8Array | Uint16Array, to: Uint8Array | Uint16Array | Uint32Array | Float64Array, table?: ArrayLike<number>, bits?: number) => void;

// The characters' codes as bytes (the QR text is Latin-1).
export type TextBytes = (text: string) => Uint8Array;

// Set by the device build (esbuild `define`); undeclared on Node.
declare const KERB_BOARD: string | undefined;

export function portableByteMap(from: Uint8Array | Uint16Array, to: Uint8Array | Uint16Array | Uint32Array | Float64Array, table?: ArrayLike<number>, bits?: number): void {
  const w = from.BYTES_PER_ELEMENT * 8;
  const n = bits || w;
  const end = from.length * w;
  for (let o = 0; o < to.length && o * n < end; o++) {
    let v = 0;
    for (let k = o * n; k < o * n + n; k++) v = v * 2 + (k < end ? (from[(k / w) | 0] >> (w - 1 - (k % w))) & 1 : 0);
    to[o] = table ? table[v] : v;
  }
}

// Called directly by the encoder (a live binding, no wrapper: every interpreted call
// layer costs as much as the native work it wraps). A device build leaves the portable
// version out (the board installs the native one at boot); textBytes stays unset on Node.
export let byteMap: ByteMap = typeof KERB_BOARD === 'undefined' ? portableByteMap : (undefined as never);
export let textBytes: TextBytes | undefined;

export function useNativeQr(map: ByteMap, bytes: TextBytes): void {
  byteMap = map;
  textBytes = bytes;
}
