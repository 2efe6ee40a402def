import { join } from 'node:path';
import { SimFlash, PowerRail } from './flash';
import { openStorage } from '../../firmware/storage/layout';
import { layoutFor } from '../../firmware/storage/layout';
import { FlashTerminalStore } from '../../firmware/storage/terminal-store';
import { crc32 } from '../../protocol/link/crc32';

// The terminal's flash as the device lays it out (firmware/storage/layout.ts), on
// simulated NOR flash sharing one power rail, optionally backed by files in `dir` so a
// simulator keeps its journal across runs. reopen() is a reboot: it scans the same
// flash again, as the firmware does at power-on.
export interface SimFlashSet {
  rail: PowerRail;
  journal: SimFlash;
  meta: SimFlash;
  reopen(): FlashTerminalStore;
}

export function simFlashSet(options: { board?: string; dir?: string; seed?: number } = {}): SimFlashSet {
  const l = layoutFor(options.board ?? 'linux');
  const rail = new PowerRail();
  const at = (name: string) => (options.dir ? join(options.dir, name) : undefined);
  const journal = new SimFlash({ pageSize: l.journal.pageSize, pageCount: l.journal.pageCount, writeAlign: l.writeAlign }, { rail, file: at('journal.flash'), seed: options.seed });
  const meta = new SimFlash({ pageSize: l.meta.pageSize, pageCount: l.meta.pageCount, writeAlign: l.writeAlign }, { rail, file: at('meta.flash'), seed: (options.seed ?? 1) + 1 });
  return { rail, journal, meta, reopen: () => new FlashTerminalStore(openStorage(journal, meta, crc32)) };
}
