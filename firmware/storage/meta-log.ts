import type { Crc32, Flash } from '../../hal/ports/flash';
import { Reason } from '../../protocol/reasons';
import { StorageError, toStorageError } from './errors';
import { PageLog, putU32, u32 } from './entry';

// Small key/value log for the counters and the config blobs, over 2 pages used in turn.
// Page: header [generation u32][CRC-32 u32], then entries (entry.ts) whose payload is
// [key u8][value]; the latest entry for a key wins. When the page is full the live
// values are copied to the other page and its header is written LAST, so a cut during
// the copy leaves the old page in charge. Writes append: no erase per update. Each put
// is committed by its entry's marker, so after any cut a key reads as either its old
// or its new bytes, never a mix. Reads are served from RAM. A page holds every key at
// its longest (tests/storage/layout.test.ts).
export const META_MAX_VALUE = 249;
export const META_HEADER_BYTES = 8;
const HEADER_KIND = 0x4d; // 'M'

// Keys of the values kept in the meta log: counters (counters.ts), then config blobs.
export const TERMINAL_SEQ_KEY = 1;
export const REQUEST_COUNTER_KEY = 2;
export const SETTINGS_VERSION_KEY = 3;
export const ENROLMENT_KEY = 16; // terminalId, merchantId, 32-byte key — encoded by the firmware
export const SETTINGS_KEY = 17; // the ledger's signed settings bytes

function keyed(key: number, value: Uint8Array): Uint8Array {
  const p = new Uint8Array(value.length + 1);
  p[0] = key;
  p.set(value, 1);
  return p;
}

export class MetaLog extends PageLog {
  cache: Record<number, Uint8Array>;
  gens: number[]; // by page, 0 when it holds no valid header
  active: number; // page in charge, -1 before the first put
  gen: number;
  end: number;
  appendable: boolean;

  constructor(flash: Flash, crc: Crc32) {
    super(flash, crc);
    const size = this.pageBytes;
    this.cache = {};
    this.gens = [];
    this.active = -1;
    this.gen = this.end = 0;
    this.appendable = false;
    for (let p = 0; p < flash.geometry.pageCount; p++) {
      const h = flash.read(p * size, META_HEADER_BYTES);
      let gen = u32(h, 0);
      if (!(gen < 0xffffffff && !(this.headerCheck(h, 4, HEADER_KIND) ^ u32(h, 4)))) gen = 0;
      this.gens.push(gen);
      if (gen > this.gen) {
        this.gen = gen;
        this.active = p;
      }
    }
    if (this.active < 0) return;
    const page = flash.read(this.active * size, size);
    let off = META_HEADER_BYTES;
    for (let r; (r = this.readEntry(page, off, this.gen, META_MAX_VALUE + 1, -1)); off += this.stride(r.length - 4)) this.cache[r[4]] = new Uint8Array(r.subarray(5));
    this.end = off;
    this.appendable = this.isErased(page.subarray(off));
  }

  // The latest value of `key`; undefined when it was never written or was removed.
  get(key: number): Uint8Array | undefined {
    const v = this.cache[key];
    return v && v.length ? v : undefined;
  }

  // Durable when it returns; throws StorageError (nothing changed) when it cannot be kept.
  put(key: number, value: Uint8Array): void {
    if (value.length > META_MAX_VALUE) throw new StorageError(Reason.MALFORMED, 'settings entry ' + key + ' is longer than ' + META_MAX_VALUE + ' bytes');
    const payload = keyed(key, value);
    try {
      if (this.appendable && this.end + this.stride(payload.length) <= this.pageBytes) {
        this.end += this.writeEntry(this.active, this.end, this.gen, payload.length, payload);
      } else {
        this.relocate(key, payload);
      }
    } catch (e) {
      this.appendable = false;
      throw toStorageError(e);
    }
    this.cache[key] = new Uint8Array(value);
  }

  // Durable when it returns: the key reads as absent from then on.
  remove(key: number): void {
    if (this.get(key)) this.put(key, new Uint8Array(0));
  }

  // Copies the live values (with `key`'s replaced by `payload`) to the least recent
  // other page.
  private relocate(key: number, payload: Uint8Array): void {
    const gens = this.gens;
    let target = -1;
    for (let p = 0; p < gens.length; p++) if (p !== this.active && (target < 0 || gens[p] < gens[target])) target = p;
    const gen = this.gen + 1;
    gens[target] = 0;
    this.dev.erasePage(target);
    let off = META_HEADER_BYTES + this.writeEntry(target, META_HEADER_BYTES, gen, payload.length, payload);
    for (const k in this.cache) {
      if (+k === key) continue;
      const p = keyed(+k, this.cache[k]);
      off += this.writeEntry(target, off, gen, p.length, p);
    }
    const h = new Uint8Array(META_HEADER_BYTES);
    putU32(h, 0, gen);
    putU32(h, 4, this.headerCheck(h, 4, HEADER_KIND));
    this.commit(target * this.pageBytes, h);
    this.active = target;
    this.gen = gens[target] = gen;
    this.end = off;
    this.appendable = true;
  }
}
