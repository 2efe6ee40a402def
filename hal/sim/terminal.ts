import type { Crypto } from '../../protocol/crypto/port';
import { hostCrypto } from '../../protocol/crypto/host';
import { crc32 } from '../../protocol/link/crc32';
import { Terminal, type View } from '../../firmware/terminal/terminal';
import type { TerminalStore } from '../../firmware/terminal/store';
import { TerminalLink } from '../../firmware/terminal/link-api';
import { saleRequests } from '../../firmware/terminal/link-sale';
import { LinkDispatcher } from '../../firmware/link/dispatcher';
import { SimClock } from './clock';
import type { Clock } from '../ports/clock';
import { SimRng } from './rng';
import { SimNfc } from './nfc';
import { SimButtons } from './buttons';
import { SimBattery } from './battery';
import { MemoryStore } from './memory-store';

// The firmware wired to the simulated HAL: the same Terminal the boards run, with an
// NFC injector, key injector, battery and a host link whose bytes go wherever the
// caller sends them (a test, a TCP socket, a pty).
export interface SimTerminalOptions {
  store?: TerminalStore;
  clock?: Clock;
  seed?: string; // RNG seed; OS randomness when absent
  crypto?: Crypto;
  view?: View;
  maintenance?: boolean;
  linkWrite?: (bytes: Uint8Array) => void;
}

export interface SimTerminal {
  terminal: Terminal;
  clock: Clock;
  nfc: SimNfc;
  buttons: SimButtons;
  battery: SimBattery;
  link: LinkDispatcher;
  api: TerminalLink;
  store: TerminalStore;
  // A further host-link connection (each TCP client gets its own frame decoder).
  connect(write: (bytes: Uint8Array) => void): LinkDispatcher;
}

export const SIM_FIRMWARE = 'kerb-sim-0.1';

export function createSimTerminal(o: SimTerminalOptions = {}): SimTerminal {
  const store = o.store ?? new MemoryStore();
  const clock = o.clock ?? new SimClock();
  const battery = new SimBattery();
  let terminal: Terminal | null = null;
  const nfc = new SimNfc({ onWrite: (p) => { if (terminal) terminal.tap(p); } });
  terminal = new Terminal({
    board: 'sim', firmware: SIM_FIRMWARE, crypto: o.crypto ?? hostCrypto, clock, rng: new SimRng(o.seed),
    store, battery, view: o.view, serve: (m) => nfc.serve(m), maintenance: o.maintenance,
  });
  const t = terminal;
  const buttons = new SimButtons({ onReadable() { const k = this.read(); if (k !== undefined) t.press(k); } });
  const api = new TerminalLink(t);
  const connect = (write: (bytes: Uint8Array) => void) => {
    const d = new LinkDispatcher(api, crc32, write);
    d.extra = saleRequests(t);
    return d;
  };
  const link = connect((b) => { if (o.linkWrite) o.linkWrite(b); });
  t.boot();
  return { terminal: t, clock, nfc, buttons, battery, link, api, store, connect };
}
