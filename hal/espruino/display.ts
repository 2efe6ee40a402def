import type { Display } from '../ports/display';

// The Display port on Espruino is the board's own Graphics object: `g` for a panel
// (Pixl.js 128×64 mono, needs flip(); Bangle.js 2 176×176), or an offscreen 1-bpp
// buffer (Linux build, tests) whose flip() does nothing. The firmware assumes rotation 0.
export function espruinoDisplay(kind: 'lcd' | 'buffer', width?: number, height?: number): Display {
  if (kind === 'lcd') return g as unknown as Display;
  const b = Graphics.createArrayBuffer(width ?? 128, height ?? 64, 1, { msb: true }) as unknown as Display;
  b.flip = () => undefined;
  return b;
}

// The native bulk operations the QR encoder runs on (firmware/qr/native.ts); the board
// entry installs them with useNativeQr(nativeByteMap, nativeTextBytes).
const natives = E as unknown as {
  mapInPlace(from: Uint8Array | Uint16Array, to: Uint8Array | Uint16Array | Uint32Array | Float64Array, table?: ArrayLike<number>, bits?: number): void;
  toUint8Array(text: string): Uint8Array;
};
export const nativeByteMap = natives.mapInPlace;
export const nativeTextBytes = natives.toUint8Array;
