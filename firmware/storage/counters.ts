import { Reason } from '../../protocol/reasons';
import { StorageError } from './errors';
import { putU32, u32 } from './entry';
import type { MetaLog } from './meta-log';

const MAX = 0xffffffff;

// A counter that never repeats a value, across any power cut. The meta log holds a
// reserved high-water mark `limit`: every value up to it may have been handed out. next()
// raises the mark by a whole block before handing out the first value past it, so a
// block costs one 9-byte entry and no erase; after a reboot counting resumes above the
// mark (skipping at most `block` values, never repeating one).
export class Counter {
  issued: number; // the last value handed out (or skipped after a reboot); 0 before the first
  metaLog: MetaLog;
  key: number;
  block: number;
  limit: number;

  constructor(meta: MetaLog, key: number, block: number) {
    const v = meta.get(key);
    this.metaLog = meta;
    this.key = key;
    this.block = block;
    this.issued = this.limit = v ? u32(v, 0) : 0;
  }

  // Durable before it returns: the value will never be returned again.
  next(): number {
    const v = this.issued + 1;
    if (v > this.limit) {
      if (v > MAX) throw new StorageError(Reason.STORAGE_FAILURE, 'counter ' + this.key + ' exhausted');
      const limit = Math.min(this.issued + this.block, MAX);
      const b = new Uint8Array(4);
      putU32(b, 0, limit);
      this.metaLog.put(this.key, b);
      this.limit = limit;
    }
    return (this.issued = v);
  }
}
