import type { Crypto } from '../../protocol/crypto/port';
import type { Clock } from '../../hal/ports/clock';
import type { Rng } from '../../hal/ports/rng';
import type { Battery } from '../../hal/ports/battery';
import type { Leds } from '../../hal/ports/leds';
import type { Nfc } from '../../hal/ports/nfc';
import type { TerminalStore } from '../terminal/store';
import { Terminal, type View } from '../terminal/terminal';
import { SaleLinkDispatcher } from '../terminal/link-sale';
import { ScreenView, type QrDrawer } from '../terminal/screens';
import type { Display } from '../../hal/ports/display';
import { LedView } from '../terminal/led-view';

// What a board's HAL hands the firmware (hal/espruino/device.ts builds it on Espruino).
export interface DeviceHal {
  board: string;
  clock: Clock;
  rng: Rng;
  crypto: Crypto;
  battery: Battery;
  crc: (bytes: Uint8Array) => number;
  gfx: Display | null;
  leds: Leds | null;
  maintenance: boolean;
  openStore(): TerminalStore;
  openNfc(onWrite: (payload: Uint8Array) => void): Nfc | null;
  openButtons(onKey: (key: number) => void): void;
  // Starts reading the host-link line; returns the function that writes to it.
  openLink(onBytes: (bytes: Uint8Array) => void): (bytes: Uint8Array) => void;
  // Moves the JS console off the host-link line (service mode).
  serviceMode(): void;
}

export const FIRMWARE_VERSION = 'kerb-0.1.0';

// Boots the terminal on a board: storage scan, risk rebuild, link, NFC, keys, screen.
export function runTerminal(hal: DeviceHal, qr: QrDrawer): Terminal {
  hal.serviceMode();
  let view: View | undefined;
  if (hal.gfx) view = new ScreenView(hal.gfx, qr);
  else if (hal.leds) view = new LedView(hal.leds);
  let t: Terminal | null = null;
  const nfc = hal.openNfc((p) => {
    if (t) t.tap(p);
  });
  t = new Terminal({
    board: hal.board, firmware: FIRMWARE_VERSION, crypto: hal.crypto, clock: hal.clock, rng: hal.rng,
    store: hal.openStore(), battery: hal.battery, view, maintenance: hal.maintenance,
    serve: nfc ? (m) => nfc.serve(m) : undefined,
  });
  const term = t;
  let link: SaleLinkDispatcher | null = null;
  const write = hal.openLink((b) => {
    if (link) link.feed(b);
  });
  link = new SaleLinkDispatcher(term, hal.crc, write);
  link.attach(term);
  hal.openButtons((k) => term.press(k));
  term.boot();
  return term;
}
