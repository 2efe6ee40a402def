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
interface EspruinoStorage {
  read(name: string, offset?: number, length?: number): string | undefined;
  write(name: string, data: Uint8Array | string, offset?: number, size?: number): boolean;
  erase(name: string): void;
  getFree(): number;
  compact(): void;
}

const PRELUDE = 'KRB1';
const PRELUDE_BYTES = 4;
// Espruino's per-file header, plus a margin so a recreate never triggers compaction.
const FILE_OVERHEAD = 32 + 64;
// Espruino truncates longer names silently (DESIGN.md §1).
const MAX_NAME = 28;

function toArrayBuffer(s: string): ArrayBuffer {
  return (E as unknown as { toArrayBuffer(s: string): ArrayBuffer }).toArrayBuffer(s);
}

function storage(): EspruinoStorage {
  // global.require, not require(): esbuild would try to bundle a bare require("Storage").
  return (global as unknown as { require(n: string): EspruinoStorage }).require('Storage');
}

export class StorageFlash implements Flash {
  geometry: FlashGeometry;
  private prefix: string;
  private s: EspruinoStorage;
  private present: boolean[]; // page files known to exist (saves a lookup per program)

  constructor(prefix: string, geometry: FlashGeometry) {
    if (!(prefix.length >= 1 && (prefix + (geometry.pageCount - 1)).length <= MAX_NAME)) {
      throw new Error('Storage file prefix "' + prefix + '" is empty or too long');
    }
    if (!(geometry.pageSize > 0 && geometry.pageCount > 0 && geometry.writeAlign === 1)) {
      throw new Error('Storage pages need a page size, a page count and writeAlign 1');
    }
    this.prefix = prefix;
    this.geometry = { pageSize: geometry.pageSize, pageCount: geometry.pageCount, writeAlign: 1 };
    this.s = storage();
    this.present = [];
  }

  read(address: number, length: number): Uint8Array {
    const page = this.pageOf(address);
    const off = address - page * this.geometry.pageSize;
    if (off + length <= this.geometry.pageSize) {
      // Within one page, as every journal read is: one native read. toArrayBuffer wraps
      // the string Storage returns (a third of E.toUint8Array's cost, measured); on boards
      // with memory-mapped flash the bytes may be a view of flash, valid until the page
      // is erased — callers copy what they keep longer.
      const got = this.s.read(this.prefix + page, PRELUDE_BYTES + off, length);
      return got === undefined ? new Uint8Array(length).fill(0xff) : new Uint8Array(toArrayBuffer(got));
    }
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const page = this.pageOf(address + done);
      const off = address + done - page * this.geometry.pageSize;
      const n = Math.min(length - done, this.geometry.pageSize - off);
      const got = this.s.read(this.name(page), PRELUDE_BYTES + off, n);
      if (got === undefined) out.fill(0xff, done, done + n);
      else out.set(new Uint8Array(toArrayBuffer(got)), done);
      done += n;
    }
    return out;
  }

  program(address: number, data: Uint8Array): void {
    const page = this.pageOf(address);
    const off = address - page * this.geometry.pageSize;
    if (off + data.length > this.geometry.pageSize) throw new Error('program crosses a page boundary');
    const name = this.name(page);
    if (!this.present[page] && this.s.read(name, 0, PRELUDE_BYTES) === undefined) {
      if (this.s.getFree() < this.geometry.pageSize + PRELUDE_BYTES + FILE_OVERHEAD) {
        throw new Error('Storage needs compacting (on external power, after a sync) before page ' + page + ' can be reused');
      }
      this.s.write(name, PRELUDE, 0, this.geometry.pageSize + PRELUDE_BYTES);
    }
    this.present[page] = true;
    this.s.write(name, data, PRELUDE_BYTES + off);
  }

  erasePage(page: number): void {
    if (!(page >= 0 && page < this.geometry.pageCount)) throw new Error('page ' + page + ' outside 0..' + (this.geometry.pageCount - 1));
    this.present[page] = false;
    this.s.erase(this.name(page));
  }

  private name(page: number): string {
    return this.prefix + page;
  }

  private pageOf(address: number): number {
    const page = Math.floor(address / this.geometry.pageSize);
    if (!(address >= 0 && page < this.geometry.pageCount)) throw new Error('address ' + address + ' outside the flash');
    return page;
  }
}

// Reclaims the space of erased pages. Storage.compact() rewrites every file and a power
// cut during it can lose data (counters, the newest journal segment), so call this only
// on external power, after a completed sync has acknowledged the journal and
// Journal.releaseAcknowledged() has erased the acknowledged segments.
export function compactStorage(): void {
  storage().compact();
}
