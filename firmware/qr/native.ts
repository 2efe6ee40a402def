// The one bulk operation the QR encoder leans on: look every element of `from` up in
// `table` and write the results into `to`. On Espruino this is E.mapInPlace (native, so
// a whole run of modules costs about as much as one interpreted statement); in Node the
// portable version below stands in. hal/espruino/bytemap.ts provides the native one and
// the board entry installs it with useByteMap().
//
// With `bits`, `from` is read as a big-endian bit stream in chunks of that many bits
// (8 or more concatenates whole elements), exactly as E.mapInPlace does. A missing table
// passes values straight through.
export type ByteMap = (from: Uint8Array, to: Uint8Array, table?: ArrayLike<number>, bits?: number) => void;

export function portableByteMap(from: Uint8Array, to: Uint8Array, table?: ArrayLike<number>, bits?: number): void {
  const width = bits || 8;
  let acc = 0;
  let held = 0;
  let i = 0;
  for (let o = 0; o < to.length; o++) {
    while (held < width) {
      if (i >= from.length) return;
      acc = acc * 256 + from[i++];
      held += 8;
    }
    held -= width;
    const scale = Math.pow(2, held);
    const v = Math.floor(acc / scale) % Math.pow(2, width);
    acc = acc % scale;
    to[o] = table ? table[v] : v;
  }
}

// Called directly by the encoder (a live binding, no wrapper: every interpreted call
// layer costs as much as the native work it would wrap).
export let byteMap: ByteMap = portableByteMap;

export function useByteMap(map: ByteMap): void {
  byteMap = map;
}
