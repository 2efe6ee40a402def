import type { Crc32, Flash } from '../../hal/ports/flash';
import { Journal } from './journal';
import { MetaLog, REQUEST_COUNTER_KEY } from './meta-log';
import { Counter } from './counters';

// How each board's flash is split. The journal takes page-sized segments; the meta log
// (counters + config) takes 2 small pages of its own so that its rare page moves never
// touch journal pages. On Storage-based boards each "page" is one fixed-size Storage
// file (hal/espruino/storage-flash.ts): see README "Flash storage on the device".
// tests/storage/layout.test.ts checks that every layout suits the journal and meta log.
//
// Pixl.js (36 KB Storage): 8 journal pages of 4 KB = 208 sales of 153 bytes before a
// sync is required, and ≥ 10 years at 500 sales/day before any page reaches 10,000
// erases (tools/bench/storage.ts); the meta log takes 2 × 1 KB.
export interface PartGeometry {
  pageSize: number;
  pageCount: number;
}

export interface StorageLayout {
  journal: PartGeometry;
  meta: PartGeometry;
  writeAlign: number;
}

// Board → [journal pages of 4 KB, meta page size]. Keyed by board name at run time:
// quoted keys survive the shipped build's renaming.
const LAYOUTS: Record<string, number[]> = {
  'pixljs': [8, 1024],
  'puckjs': [8, 1024],
  'banglejs2': [64, 4096],
  'linux': [16, 1024],
};

// Board names are compile-time constants (hal/espruino/boards.ts): an unknown one fails
// here with a TypeError.
export function layoutFor(board: string): StorageLayout {
  const l = LAYOUTS[board];
  return { journal: { pageSize: 4096, pageCount: l[0] }, meta: { pageSize: l[1], pageCount: 2 }, writeAlign: 1 };
}

// Counters reserve ahead in blocks of this many values (at most this many are skipped
// after a power cut).
export const COUNTER_BLOCK = 32;

export interface OpenedStorage {
  journal: Journal;
  meta: MetaLog; // also the config store (ConfigKey)
  requestCounter: Counter;
}

// Boot: scans both parts and recovers their committed state.
export function openStorage(journalFlash: Flash, metaFlash: Flash, crc: Crc32): OpenedStorage {
  const meta = new MetaLog(metaFlash, crc);
  return { journal: new Journal(journalFlash, crc), meta: meta, requestCounter: new Counter(meta, REQUEST_COUNTER_KEY, COUNTER_BLOCK) };
}
