// Flash for a simulated terminal: the board's layout (firmware/storage/layout.ts) on two
// simulated devices sharing one power rail, optionally kept in files under `dir` so the
// terminal keeps its journal, counters and config across runs.
import { crc32 as zlibCrc32 } from 'node:zlib';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Crc32 } from '../ports/flash';
import { PowerRail, SimFlash } from './flash';
import { layoutFor, openStorage, type OpenedStorage } from '../../firmware/storage/layout';
import { FlashTerminalStore } from '../../firmware/storage/terminal-store';

export const simCrc32: Crc32 = (b) => zlibCrc32(b) >>> 0;

export interface SimStorage {
  rail: PowerRail;
  journalFlash: SimFlash;
  metaFlash: SimFlash;
  // Boots the storage from flash (after a cut: call rail.powerOn() first).
  open(): { storage: OpenedStorage; store: FlashTerminalStore };
}

export function createSimStorage(board: string, options: { dir?: string; seed?: number } = {}): SimStorage {
  const l = layoutFor(board);
  const rail = new PowerRail();
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  const file = (name: string) => (options.dir ? join(options.dir, `${board}-${name}.flash`) : undefined);
  const journalFlash = new SimFlash({ ...l.journal, writeAlign: l.writeAlign }, { rail, file: file('journal'), seed: options.seed });
  const metaFlash = new SimFlash({ ...l.meta, writeAlign: l.writeAlign }, { rail, file: file('meta'), seed: options.seed });
  return {
    rail,
    journalFlash,
    metaFlash,
    open() {
      const storage = openStorage(journalFlash, metaFlash, simCrc32);
      return { storage, store: new FlashTerminalStore(storage) };
    },
  };
}
