// The two bulk operations the QR encoder leans on. On Espruino both are native built-ins
// (E.mapInPlace, E.toUint8Array), so a whole run of modules costs about as much as one
// interpreted statement; the portable versions below stand in on Node.
// hal/espruino/display.ts exports the native ones; the board entry installs them with
// useNativeQr().

// Looks every element of `from` up in `table` and writes the results into `to`, exactly
// as E.mapInPlace does: `from` is read as a big-endian bit stream in chunks of `bits`
// bits (default: its element width), `to` is written element by element (little-endian
// for wider elements), a missing table passes values through, and it stops at the end
// of either array (a last partial chunk of `from` is padded with zero bits).
export type ByteMap = (from: Uint8Array | Uint16Array, to: Uint8Array | Uint16Array | Uint32Array | Float64Array, table?: ArrayLike<number>, bits?: number) => void;

// The characters' codes as bytes (the QR text is ASCII).
export type TextBytes = (text: string) => Uint8Array;

export function portableByteMap(from: Uint8Array | Uint16Array, to: Uint8Array | Uint16Array | Uint32Array | Float64Array, table?: ArrayLike<number>, bits?: number): void {
  const element = from.BYTES_PER_ELEMENT * 8;
  const width = bits || element;
  let acc = 0;
  let held = 0;
  let i = 0;
  for (let o = 0; o < to.length; o++) {
    if (i >= from.length && held < width) return;
    while (held < width) {
      acc = acc * Math.pow(2, element) + (i < from.length ? from[i] : 0); // a last partial chunk is padded with zeros
      i++;
      held += element;
    }
    held -= width;
    const scale = Math.pow(2, held);
    const v = Math.floor(acc / scale) % Math.pow(2, width);
    acc = acc % scale;
    to[o] = table ? table[v] : v;
  }
}

export function portableTextBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 255) throw new Error('QR text must be Latin-1');
    out[i] = c;
  }
  return out;
}

// Called directly by the encoder (live bindings, no wrapper: every interpreted call layer
// costs as much as the native work it wraps).
export let byteMap: ByteMap = portableByteMap;
export let textBytes: TextBytes = portableTextBytes;

export function useNativeQr(map: ByteMap, bytes: TextBytes): void {
  byteMap = map;
  textBytes = bytes;
}
