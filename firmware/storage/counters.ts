import { Reason } from '../../protocol/reasons';
import { StorageError } from './errors';
import type { MetaLog } from './meta-log';

// Keys of the values kept in the meta log (firmware/storage/meta-log.ts).
export const CounterKey = {
  TERMINAL_SEQ: 1,
  REQUEST: 2,
  SETTINGS_VERSION: 3,
} as const;

const MAX = 0xffffffff;

// A counter that never repeats a value, across any power cut. The meta log holds a
// reserved high-water mark `limit`: every value up to it may have been handed out. next()
// raises the mark by a whole block before handing out the first value past it, so a
// block costs one 9-byte entry and no erase; after a reboot counting resumes above the
// mark (skipping at most `block` values, never repeating one).
export class Counter {
  private meta: MetaLog;
  private key: number;
  private block: number;
  private issued: number;
  private limit: number;

  constructor(meta: MetaLog, key: number, block?: number) {
    this.meta = meta;
    this.key = key;
    this.block = block ?? 32;
    if (!(this.block >= 1 && this.block <= 65536)) throw new Error('counter block must be 1..65536');
    const v = meta.get(key);
    this.limit = v && v.length === 4 ? (v[0] | (v[1] << 8) | (v[2] << 16) | (v[3] << 24)) >>> 0 : 0;
    this.issued = this.limit;
  }

  // The last value handed out (or skipped after a reboot); 0 before the first.
  get value(): number {
    return this.issued;
  }

  // Durable before it returns: the value will never be returned again.
  next(): number {
    if (this.issued >= MAX) throw new StorageError(Reason.STORAGE_FAILURE, 'counter ' + this.key + ' exhausted');
    const v = this.issued + 1;
    if (v > this.limit) this.persist(Math.min(this.issued + this.block, MAX));
    this.issued = v;
    return v;
  }

  // Marks every value up to `v` as used (e.g. a settings version learnt from the ledger):
  // next() will return more than v.
  raiseTo(v: number): void {
    if (!(v >= 0 && v <= MAX && Math.floor(v) === v)) throw new StorageError(Reason.MALFORMED, 'counter value ' + v + ' out of range');
    if (v <= this.issued) return;
    if (v > this.limit) this.persist(v);
    this.issued = v;
  }

  private persist(limit: number): void {
    const b = new Uint8Array(4);
    b[0] = limit & 0xff;
    b[1] = (limit >>> 8) & 0xff;
    b[2] = (limit >>> 16) & 0xff;
    b[3] = (limit >>> 24) & 0xff;
    this.meta.put(this.key, b);
    this.limit = limit;
  }
}
