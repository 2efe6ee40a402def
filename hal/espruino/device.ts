import type { Crypto } from '../../protocol/crypto/port';
import { createDeviceCrypto } from '../../protocol/crypto/device';
import { ed25519Verify } from '../../protocol/crypto/ed25519';
import { openStorage, layoutFor } from '../../firmware/storage/layout';
import type { PartGeometry } from '../../firmware/storage/layout';
import { FlashTerminalStore } from '../../firmware/storage/terminal-store';
import type { TerminalStore } from '../../firmware/terminal/store';
import type { Display } from '../ports/display';
import { bufferDisplay, colourPanel } from './display';
import { useNativeQr } from '../../firmware/qr/native';
import { prepareQr } from '../../firmware/qr/encode';
import { ECL_M } from '../../firmware/qr/tables';
import { randomBytes } from './rng';
import { StorageFlash } from './storage-flash';

// The HAL of the board this bundle is built for (KERB.*: hal/espruino/boards.mjs), as
// plain values and functions: one of each per board, so no classes and no HAL object.
// Importing this module starts the board's boot (firmware/boards/run.ts wires the rest).
export { clock } from './clock';
export { battery } from './battery';
export { leds } from './leds';
export { watchButtons } from './buttons';
export { openLink } from './serial';
export { openNfc } from './nfc';

// Service mode, before anything else: the console moves to LoopbackA (forced, so a
// Bluetooth connection cannot take it back) and the host-link line carries only frames.
// To get the console back for re-flashing, hold BTN1 while powering the board: Espruino
// then boots without running the saved code.
E.setConsole('LoopbackA', { force: true });

// Pixl.js: BTN2 held at boot → maintenance mode (README "Service mode").
export const maintenance = KERB.maintenance && !!digitalRead(BTN2);

export const rng = { read: randomBytes };

// The native itself: it already answers an unsigned 32-bit number.
export const crc: (b: Uint8Array) => number = E.CRC32;

// global.require, not require(): esbuild would try to bundle a bare require("crypto").
const natives = KERB.sha256 ? (global as unknown as { require(n: string): { SHA256(d: Uint8Array): ArrayBuffer; SHA512(d: Uint8Array): ArrayBuffer } }).require('crypto') : null;
const sha256 = (d: Uint8Array) => new Uint8Array(natives!.SHA256(d));
const sha512 = (d: Uint8Array) => new Uint8Array(natives!.SHA512(d));
// E.convolve itself, not a wrapper: an interpreted call per dot product made a verify ~30% slower.
// Boards with both hashes native wire the port here, so the JS SHA-2 stays out of their bundle.
export const crypto: Crypto = KERB.sha512
  ? { sha256, sha512, verify: (s, m, k) => ed25519Verify(sha512, E.convolve, s, m, k), random: randomBytes }
  : createDeviceCrypto({ sha256: KERB.sha256 ? sha256 : undefined, dotProduct: E.convolve, random: randomBytes });

export const gfx: Display | null = KERB.display === 'mono' ? g as Display
  : KERB.display === 'colour' ? colourPanel()
  : KERB.display === 'buffer' ? bufferDisplay(128, 64) : null;
if (KERB.display !== 'none') {
  useNativeQr(E.mapInPlace, E.toUint8Array);
  // Build the version-3 placement table at boot (~20 M instructions once) so the first sale's QR costs what every other one does.
  prepareQr(3, ECL_M);
}

export function openStore(): TerminalStore {
  const l = layoutFor(KERB.board);
  const flash = (name: string, part: PartGeometry) => new StorageFlash(name, Object.assign({ writeAlign: l.writeAlign }, part));
  return new FlashTerminalStore(openStorage(flash('kj', l.journal), flash('km', l.meta), crc));
}
