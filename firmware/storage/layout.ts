import type { Crc32, Flash } from '../../hal/ports/flash';

// How each board's flash is split. The journal takes page-sized segments; the meta log
// (counters + config) takes 2 small pages of its own so that its rare page moves never
// touch journal pages. On Storage-based boards each "page" is one fixed-size Storage
// file (hal/espruino/storage-flash.ts): see README "Flash storage on the device".
// tests/storage/layout.test.ts checks that every layout suits the journal and meta log.
//
// On Pixl.js and Puck.js the journal gets what Storage has left beside the flash image
// (.bootcde) and the meta log, keeping room to recreate one erased page: the build checks
// the sum against each board's Storage (tools/storage-fit.mjs). Pages are 1 KB there (six
// sales each) so that little space still makes several pages. Bangle.js 2 and the Linux
// build have room for 4 KB pages; the meta log takes 2 × 1 KB everywhere but Bangle.js 2.
export interface PartGeometry {
  pageSize: number;
  pageCount: number;
}

export interface StorageLayout {
  journal: PartGeometry;
  meta: PartGeometry;
  writeAlign: number;
}

// Board names are compile-time constants (hal/espruino/boards.ts): an unknown one fails
// here with a TypeError. The table (board → [journal pages, journal page size, meta page size]) is
// built per call, so it holds no RAM after boot; quoted keys survive the shipped build's
// renaming.
export function layoutFor(board: string): StorageLayout {
  const l = ({ 'pixljs': [4, 1024, 1024], 'puckjs': [12, 1024, 1024], 'banglejs2': [64, 4096, 4096], 'linux': [16, 4096, 1024] } as Record<string, number[]>)[board];
  return { journal: { pageSize: l[1], pageCount: l[0] }, meta: { pageSize: l[2], pageCount: 2 }, writeAlign: 1 };
}

// Counters reserve ahead in blocks of this many values (at most this many are skipped
// after a power cut).
export const COUNTER_BLOCK = 32;

// What FlashTerminalStore (terminal-store.ts) boots from. The two flashes share one
// write alignment (the layout's).
export interface OpenedStorage {
  journal: Flash;
  meta: Flash;
  crc: Crc32;
  block: number;
}

export function openStorage(journal: Flash, meta: Flash, crc: Crc32, counterBlock?: number): OpenedStorage {
  return { journal: journal, meta: meta, crc: crc, block: counterBlock ?? COUNTER_BLOCK };
}
