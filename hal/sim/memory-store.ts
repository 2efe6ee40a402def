import type { TerminalStore } from '../../firmware/terminal/store';
import { GENESIS_TAG } from '../../protocol/auth';
import { TAG_BYTES } from '../../protocol/messages/record';

// A TerminalStore in RAM: the quickest way to run the flow in unit tests and to give
// integrators a terminal without flash. `failNext` makes the next write throw, as a
// storage fault would; `capacity` bounds the journal (records held).
export class MemoryStore implements TerminalStore {
  config: { [name: string]: Uint8Array };
  records: Uint8Array[]; // index = seq - 1
  first: number;
  counter: number;
  capacity: number;
  failNext: boolean;

  constructor(capacity?: number) {
    this.config = {};
    this.records = [];
    this.first = 1;
    this.counter = 0;
    this.capacity = capacity ?? 1000;
    this.failNext = false;
  }

  fault(): void {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('simulated storage failure');
    }
  }

  loadConfig(name: string): Uint8Array | null {
    return this.config[name] ?? null;
  }
  saveConfig(name: string, value: Uint8Array): void {
    this.fault();
    this.config[name] = new Uint8Array(value);
  }
  nextRequestCounter(): number {
    this.fault();
    return ++this.counter;
  }
  lastSeq(): number {
    return this.records.length;
  }
  firstUnackedSeq(): number {
    return this.first;
  }
  lastTag(): Uint8Array {
    const r = this.records[this.records.length - 1];
    return r ? r.subarray(r.length - TAG_BYTES) : GENESIS_TAG;
  }
  canAppend(): boolean {
    return this.records.length - this.first + 1 < this.capacity;
  }
  append(record: Uint8Array): void {
    this.fault();
    this.records.push(new Uint8Array(record));
  }
  read(seq: number): Uint8Array | null {
    return seq >= this.first && seq <= this.records.length ? this.records[seq - 1] : null;
  }
  acknowledge(throughSeq: number): void {
    this.fault();
    if (throughSeq + 1 > this.first) this.first = throughSeq + 1;
  }
  erase(): void {
    this.config = {};
    this.first = this.records.length + 1;
  }
}
