import { SerialPort } from 'serialport';

// `kerb bridge watch`: finds terminals among the serial ports by USB vendor/product id
// and syncs each one when it appears. SerialPort.list() on Linux runs `udevadm` (Debian
// package `udev`); without it ports cannot be listed, which is reported, not crashed on.
export interface UsbId {
  vendorId: string; // 4 hex digits, lower case
  productId: string;
}

// Espruino's own USB CDC boards (STM32 VCP 0483:5740) and the common USB-serial bridges
// a terminal's UART is wired through (CP210x, CH340, FTDI).
export const DEFAULT_USB_IDS: UsbId[] = [
  { vendorId: '0483', productId: '5740' },
  { vendorId: '10c4', productId: 'ea60' },
  { vendorId: '1a86', productId: '7523' },
  { vendorId: '0403', productId: '6001' },
];

export class PortListUnavailable extends Error {
  override name = 'PortListUnavailable';
}

export function parseUsbId(s: string): UsbId {
  const m = /^(?:0x)?([0-9a-fA-F]{1,4}):(?:0x)?([0-9a-fA-F]{1,4})$/.exec(s.trim());
  if (!m) throw new Error(`bad USB id '${s}': expected VID:PID in hex, e.g. 0483:5740`);
  return { vendorId: m[1].toLowerCase().padStart(4, '0'), productId: m[2].toLowerCase().padStart(4, '0') };
}

export interface FoundPort {
  path: string;
  vendorId: string;
  productId: string;
  serialNumber?: string;
}

export async function findTerminals(ids: UsbId[], list: () => Promise<Array<{ path: string; vendorId?: string; productId?: string; serialNumber?: string }>> = () => SerialPort.list()): Promise<FoundPort[]> {
  let ports;
  try {
    ports = await list();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || /udevadm/.test(err.message ?? '')) {
      throw new PortListUnavailable('cannot list serial ports: `udevadm` is not installed (Debian/Ubuntu: apt-get install udev). '
        + 'Give the port explicitly instead: kerb bridge sync --port /dev/ttyACM0 --ledger …');
    }
    throw new PortListUnavailable(`cannot list serial ports: ${err.message}`);
  }
  const want = (p: { vendorId?: string; productId?: string }) => ids.some((i) => i.vendorId === (p.vendorId ?? '').toLowerCase() && i.productId === (p.productId ?? '').toLowerCase());
  return ports.filter(want).map((p) => ({ path: p.path, vendorId: p.vendorId!.toLowerCase(), productId: p.productId!.toLowerCase(), serialNumber: p.serialNumber }));
}

export interface WatchOptions {
  ids: UsbId[];
  intervalMs: number;
  signal?: AbortSignal;
  list?: () => Promise<Array<{ path: string; vendorId?: string; productId?: string }>>;
  onAppear: (port: FoundPort) => Promise<void>;
  onGone?: (path: string) => void;
}

// Polls until aborted. A port is synced once per appearance: unplug and plug in again to
// sync again. Throws PortListUnavailable when ports cannot be listed at all.
export async function watchTerminals(o: WatchOptions): Promise<void> {
  const present = new Set<string>();
  while (!o.signal?.aborted) {
    const found = await findTerminals(o.ids, o.list);
    const now = new Set(found.map((p) => p.path));
    for (const path of [...present]) {
      if (!now.has(path)) {
        present.delete(path);
        o.onGone?.(path);
      }
    }
    for (const p of found) {
      if (present.has(p.path)) continue;
      present.add(p.path);
      await o.onAppear(p);
    }
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        o.signal?.removeEventListener('abort', wake);
        resolve();
      }, o.intervalMs);
      o.signal?.addEventListener('abort', wake, { once: true });
    });
  }
}
