import type { DeviceHal } from '../../firmware/boards/run';
import { createDeviceCrypto } from '../../protocol/crypto/device';
import { openStorage, layoutFor } from '../../firmware/storage/layout';
import { FlashTerminalStore } from '../../firmware/storage/terminal-store';
import type { BoardProfile } from './boards';
import { espruinoDisplay, nativeByteMap, nativeTextBytes } from './display';
import { useNativeQr } from '../../firmware/qr/native';
import { prepareQr } from '../../firmware/qr/encode';
import { ECL_M } from '../../firmware/qr/tables';
import { EspruinoClock } from './clock';
import { EspruinoRng } from './rng';
import { EspruinoSerial } from './serial';
import { EspruinoBattery, EspruinoLeds } from './battery';
import { EspruinoButtons } from './buttons';
import { EspruinoNfc } from './nfc';
import { StorageFlash } from './storage-flash';

function linkDevice(p: BoardProfile): EspruinoSerial_ {
  if (p.link === 'USB') return USB;
  if (p.link === 'Bluetooth') return Bluetooth;
  Serial1.setup(115200);
  return Serial1;
}

type EspruinoSerial_ = typeof USB;

// The HAL of one Espruino board, from its profile. Service mode: the console moves to
// LoopbackA (forced, so a Bluetooth connection cannot take it back) and the host-link
// line carries only frames. To get the console back for re-flashing, hold BTN1 while
// powering the board: Espruino then boots without running the saved code.
export function createDeviceHal(p: BoardProfile): DeviceHal {
  const rng = new EspruinoRng();
  // global.require, not require(): esbuild would try to bundle a bare require("crypto").
  const c = (global as unknown as { require(n: string): { SHA256(d: Uint8Array): ArrayBuffer; SHA512(d: Uint8Array): ArrayBuffer } }).require('crypto');
  const crypto = createDeviceCrypto({
    sha256: p.nativeSha256 ? (d) => new Uint8Array(c.SHA256(d)) : undefined,
    sha512: p.nativeSha512 ? (d) => new Uint8Array(c.SHA512(d)) : undefined,
    // The native itself, not a wrapper: an interpreted call per dot product made a verify ~30% slower.
    dotProduct: E.convolve,
    random: (n) => rng.read(n),
  });
  const mpin = p.maintenance();
  useNativeQr(nativeByteMap, nativeTextBytes);
  // Build the version-3 placement table at boot (~20 M instructions once) so the first sale's QR costs what every other one does.
  prepareQr(3, ECL_M);
  const gfx = p.display === 'none' ? null : espruinoDisplay(p.display);
  return {
    board: p.board,
    clock: new EspruinoClock(),
    rng,
    crypto,
    battery: new EspruinoBattery(),
    crc: (b) => E.CRC32(b) >>> 0,
    gfx,
    leds: p.leds ? new EspruinoLeds() : null,
    maintenance: mpin !== undefined && digitalRead(mpin) === 1,
    openStore: () => {
      const l = layoutFor(p.board);
      const journal = new StorageFlash('kj', { pageSize: l.journal.pageSize, pageCount: l.journal.pageCount, writeAlign: l.writeAlign });
      const meta = new StorageFlash('km', { pageSize: l.meta.pageSize, pageCount: l.meta.pageCount, writeAlign: l.writeAlign });
      return new FlashTerminalStore(openStorage(journal, meta, (b) => E.CRC32(b) >>> 0));
    },
    openNfc: (onWrite) => {
      if (!p.nfc) return null;
      const uid = rng.read(7);
      uid[0] = 0x04; // NXP-style manufacturer byte: readers treat it as an NTAG
      return new EspruinoNfc({ onWrite }, uid);
    },
    openButtons: (onKey) => {
      new EspruinoButtons({ onReadable() { const k = this.read(); if (k !== undefined) onKey(k); } }, p.buttons(), p.keys);
    },
    openLink: (onBytes) => {
      const dev = linkDevice(p);
      const s = new EspruinoSerial(dev, { onReadable() { const d = this.read(); if (d) onBytes(d); } }, p.link === 'USB');
      return (bytes) => s.write(bytes);
    },
    serviceMode: () => {
      E.setConsole('LoopbackA', { force: true });
    },
  };
}
