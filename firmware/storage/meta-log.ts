import type { Crc32, Flash } from '../../hal/ports/flash';
import { Reason } from '../../protocol/reasons';
import { StorageError, storageFailure } from './errors';
import { BAD, END, MARKER_BYTES, entryStride, isErased, parseEntry, roundUp, writeEntry } from './entry';

// Small key/value log for the counters and the config store, over ≥ 2 pages used in
// turn. Page: header [generation u32][CRC-32 u32], then entries (entry.ts) whose payload
// is [key u8][value]; the latest entry for a key wins. When the page is full the live
// values are copied to the next page and its header is written LAST, so a cut during
// the copy leaves the old page in charge. Writes append: no erase per update.
export const META_MAX_VALUE = 249;
const HEADER_BYTES = 8;

export class MetaLog {
  private flash: Flash;
  private crc: Crc32;
  private pageSize: number;
  private align: number;
  private headerStride: number;
  private values: Record<string, Uint8Array>;
  private active: number;
  private gen: number;
  private end: number;
  private writable: boolean;
  private gens: number[];

  constructor(flash: Flash, crc: Crc32) {
    const g = flash.geometry;
    if (!(g.writeAlign === 1 || g.writeAlign === 2 || g.writeAlign === 4)) throw new Error('meta log needs a write alignment of 1, 2 or 4');
    if (g.pageCount < 2) throw new Error('meta log needs at least 2 pages');
    this.flash = flash;
    this.crc = crc;
    this.pageSize = g.pageSize;
    this.align = g.writeAlign;
    this.headerStride = roundUp(HEADER_BYTES, g.writeAlign);
    this.values = {};
    this.active = -1;
    this.gen = 0;
    this.end = 0;
    this.writable = false;
    this.gens = [];
    try {
      this.scan();
    } catch (e) {
      throw storageFailure('settings storage scan failed', e);
    }
  }

  get(key: number): Uint8Array | undefined {
    return this.values[key];
  }

  // Durable when it returns; throws StorageError (nothing changed) when it cannot be kept.
  put(key: number, value: Uint8Array): void {
    if (!(key >= 0 && key <= 255 && Math.floor(key) === key) || !(value instanceof Uint8Array) || value.length > META_MAX_VALUE) {
      throw new StorageError(Reason.MALFORMED, 'settings entry ' + key + ' is invalid or longer than ' + META_MAX_VALUE + ' bytes');
    }
    const payload = new Uint8Array(value.length + 1);
    payload[0] = key;
    payload.set(value, 1);
    try {
      if (this.active >= 0 && this.writable && this.end + entryStride(payload.length, this.align) <= this.pageSize) {
        this.end += writeEntry(this.flash, this.crc, this.active * this.pageSize + this.end, this.gen, payload.length, payload);
      } else {
        this.moveTo(key, payload);
      }
    } catch (e) {
      this.writable = false;
      throw storageFailure('settings write failed', e);
    }
    this.values[key] = new Uint8Array(value);
  }

  // Copies the live values (with `key` replaced) to the least recent other page.
  private moveTo(key: number, payload: Uint8Array): void {
    const entries: Uint8Array[] = [payload];
    let total = this.headerStride + entryStride(payload.length, this.align);
    const keys = Object.keys(this.values);
    for (let i = 0; i < keys.length; i++) {
      const k = Number(keys[i]);
      if (k === key) continue;
      const v = this.values[keys[i]];
      const p = new Uint8Array(v.length + 1);
      p[0] = k;
      p.set(v, 1);
      entries.push(p);
      total += entryStride(p.length, this.align);
    }
    if (total > this.pageSize) throw new StorageError(Reason.STORAGE_FAILURE, 'settings storage is full');
    let target = -1;
    for (let p = 0; p < this.gens.length; p++) {
      if (p !== this.active && (target < 0 || this.gens[p] < this.gens[target])) target = p;
    }
    const gen = this.gen + 1;
    const base = target * this.pageSize;
    this.gens[target] = 0;
    this.flash.erasePage(target);
    let off = this.headerStride;
    for (let i = 0; i < entries.length; i++) off += writeEntry(this.flash, this.crc, base + off, gen, entries[i].length, entries[i]);
    const h = new Uint8Array(this.headerStride).fill(0xff);
    this.fillHeader(h, gen);
    this.flash.program(base, h);
    if (this.flash.sync) this.flash.sync();
    this.active = target;
    this.gen = gen;
    this.gens[target] = gen;
    this.end = off;
    this.writable = true;
  }

  private fillHeader(h: Uint8Array, gen: number): void {
    h[0] = gen & 0xff;
    h[1] = (gen >>> 8) & 0xff;
    h[2] = (gen >>> 16) & 0xff;
    h[3] = (gen >>> 24) & 0xff;
    h[4] = 0x4b; // 'K'
    h[5] = 0x4d; // 'M'
    const c = this.crc(h.subarray(0, 6));
    h[4] = c & 0xff;
    h[5] = (c >>> 8) & 0xff;
    h[6] = (c >>> 16) & 0xff;
    h[7] = (c >>> 24) & 0xff;
  }

  private scan(): void {
    const n = this.flash.geometry.pageCount;
    for (let p = 0; p < n; p++) {
      const h = this.flash.read(p * this.pageSize, HEADER_BYTES);
      const gen = (h[0] | (h[1] << 8) | (h[2] << 16) | (h[3] << 24)) >>> 0;
      const want = new Uint8Array(HEADER_BYTES);
      this.fillHeader(want, gen);
      const ok = gen !== 0 && gen !== 0xffffffff && want[4] === h[4] && want[5] === h[5] && want[6] === h[6] && want[7] === h[7];
      this.gens.push(ok ? gen : 0);
      if (ok && gen > this.gen) {
        this.gen = gen;
        this.active = p;
      }
    }
    if (this.active < 0) return;
    const page = this.flash.read(this.active * this.pageSize, this.pageSize);
    let off = this.headerStride;
    for (;;) {
      const r = parseEntry(page, off, this.align, this.crc, this.gen, META_MAX_VALUE + 1, -1);
      if (r === END || r === BAD) {
        this.writable = r === END && isErased(this.crc, page.subarray(off));
        break;
      }
      const entry = r as Uint8Array;
      this.values[entry[MARKER_BYTES]] = new Uint8Array(entry.subarray(MARKER_BYTES + 1));
      off += entryStride(entry.length - MARKER_BYTES, this.align);
    }
    this.end = off;
  }
}
