import type { Crc32, Flash } from '../../hal/ports/flash';
import { Journal } from './journal';
import { MetaLog } from './meta-log';
import { Counter, CounterKey } from './counters';
import { ConfigStore } from './config-store';

// How each board's flash is split. The journal takes page-sized segments; the meta log
// (counters + config) takes ≥ 2 small pages of its own so that its rare page moves
// never touch journal pages. On Storage-based boards each "page" is one fixed-size
// Storage file (hal/espruino/storage-flash.ts): see README "Flash storage on the device".
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

// Keyed by board name at run time: quoted keys survive the shipped build's renaming.
export const STORAGE_LAYOUTS: Record<string, StorageLayout> = {
  'pixljs': { journal: { pageSize: 4096, pageCount: 8 }, meta: { pageSize: 1024, pageCount: 2 }, writeAlign: 1 },
  'puckjs': { journal: { pageSize: 4096, pageCount: 8 }, meta: { pageSize: 1024, pageCount: 2 }, writeAlign: 1 },
  'banglejs2': { journal: { pageSize: 4096, pageCount: 64 }, meta: { pageSize: 4096, pageCount: 2 }, writeAlign: 1 },
  'linux': { journal: { pageSize: 4096, pageCount: 16 }, meta: { pageSize: 1024, pageCount: 2 }, writeAlign: 1 },
};

export function layoutFor(board: string): StorageLayout {
  const l = STORAGE_LAYOUTS[board];
  if (!l) throw new Error('no storage layout for board ' + board);
  return l;
}

// Counters reserve ahead in blocks of this many values (at most this many are skipped
// after a power cut).
export const COUNTER_BLOCK = 32;

export interface OpenedStorage {
  journal: Journal;
  meta: MetaLog;
  config: ConfigStore;
  requestCounter: Counter;
  settingsVersion: Counter;
  terminalSeq: Counter;
}

// Boot: scans both parts and recovers their committed state.
export function openStorage(journalFlash: Flash, metaFlash: Flash, crc: Crc32): OpenedStorage {
  const meta = new MetaLog(metaFlash, crc);
  return {
    journal: new Journal(journalFlash, crc),
    meta: meta,
    config: new ConfigStore(meta),
    requestCounter: new Counter(meta, CounterKey.REQUEST, COUNTER_BLOCK),
    settingsVersion: new Counter(meta, CounterKey.SETTINGS_VERSION, 1),
    terminalSeq: new Counter(meta, CounterKey.TERMINAL_SEQ, COUNTER_BLOCK),
  };
}
