import type { Flash, FlashGeometry } from '../ports/flash';

// The Flash port over Espruino's Storage (README "Flash storage on the device"). Each
// page is one Storage file "<prefix><page>" of a 4-byte prelude + pageSize bytes:
//  - program = Storage.write(name, data, 4 + offset): offset > 0 only programs erased
//    bytes (Espruino throws otherwise), the prelude keeps every program off offset 0,
//    which would delete and recreate the file;
//  - erasePage = Storage.erase(name): a missing file reads as an erased page. It never
//    compacts; the space becomes trash until compactStorage();
//  - the first program of a missing page recreates its file (all 0xFF), but only in
//    space that is free without compaction, else it throws and the journal refuses the
//    sale with STORAGE_FAILURE before anything of it is written.
// A cut during any of these leaves a state the journal's boot scan handles (torn page,
// missing file). Storage.compact() is the one unsafe operation: see compactStorage.
// Reads and programs stay within one page, as the journal and meta log make them; page
// counts keep names within Espruino's 28 characters (tests/storage/layout.test.ts).
interface EspruinoStorage {
  read(name: string, offset?: number, length?: number): string | undefined;
  write(name: string, data: Uint8Array | string, offset?: number, size?: number): boolean;
  erase(name: string): void;
  getFree(): number;
  compact(): void;
}

// global.require, not require(): esbuild would try to bundle a bare require("Storage").
declare const global: { require(n: string): EspruinoStorage };

export class StorageFlash implements Flash {
  geometry: FlashGeometry;
  prefix: string;
  s: EspruinoStorage;
  present: Uint8Array; // page files known to exist (saves a lookup per program)

  constructor(prefix: string, geometry: FlashGeometry) {
    this.prefix = prefix;
    this.geometry = geometry;
    this.s = global.require('Storage');
    this.present = new Uint8Array(geometry.pageCount);
  }

  // One native read. toArrayBuffer wraps the string Storage returns (a third of
  // E.toUint8Array's cost, measured); on boards with memory-mapped flash the bytes may be
  // a view of flash, valid until the page is erased — callers copy what they keep longer.
  read(address: number, length: number): Uint8Array {
    const size = this.geometry.pageSize;
    const got = this.s.read(this.prefix + ((address / size) | 0), 4 + (address % size), length);
    // Missing file (undefined), or a 0-byte read (""): erased bytes.
    return got ? new Uint8Array((E as unknown as { toArrayBuffer(s: string): ArrayBuffer }).toArrayBuffer(got)) : new Uint8Array(length).fill(0xff);
  }

  program(address: number, data: Uint8Array): void {
    const size = this.geometry.pageSize;
    const page = (address / size) | 0;
    const name = this.prefix + page;
    const s = this.s;
    if (!this.present[page] && !s.read(name, 0, 4)) {
      // Espruino's per-file header (32) plus a margin so a recreate never triggers
      // compaction. The store reports STORAGE_FAILURE: compact on external power, after a sync.
      if (s.getFree() < size + 100) throw new Error('Storage full');
      s.write(name, 'KRB1', 0, size + 4);
    }
    this.present[page] = 1;
    s.write(name, data, 4 + (address % size));
  }

  erasePage(page: number): void {
    this.present[page] = 0;
    this.s.erase(this.prefix + page);
  }
}

// Reclaims the space of erased pages. Storage.compact() rewrites every file and a power
// cut during it can lose data (counters, the newest journal segment), so call this only
// on external power, after a completed sync has acknowledged the journal and
// releaseAcknowledged() (firmware/storage/journal-tools.ts) has erased the acknowledged
// segments.
export function compactStorage(): void {
  global.require('Storage').compact();
}
