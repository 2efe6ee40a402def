import type { TerminalStore } from '../terminal/store';
import { GENESIS_TAG } from '../../protocol/auth';
import { TAG_BYTES } from '../../protocol/messages/record';
import { Reason } from '../../protocol/reasons';
import { StorageError } from './errors';
import { ENROLMENT_KEY, SETTINGS_KEY, type MetaLog } from './meta-log';
import type { Journal } from './journal';
import type { Counter } from './counters';
import type { OpenedStorage } from './layout';

// Looked up by a name the terminal passes at run time: quoted, so the shipped build
// keeps the keys (it shortens every other property name).
const CONFIG_KEYS: Record<string, number> = { 'enrol': ENROLMENT_KEY, 'settings': SETTINGS_KEY };

// The terminal's TerminalStore over flash: records in the journal with consecutive
// sequence numbers (never reused, since the newest record's segment is never erased),
// the request counter reserved ahead in the meta log, config blobs in the meta log.
export class FlashTerminalStore implements TerminalStore {
  j: Journal;
  metaLog: MetaLog;
  counter: Counter;

  constructor(storage: OpenedStorage) {
    this.j = storage.journal;
    this.metaLog = storage.meta;
    this.counter = storage.requestCounter;
  }

  private key(name: string): number {
    const k = CONFIG_KEYS[name];
    if (!k) throw new StorageError(Reason.MALFORMED, 'no config slot named ' + name);
    return k;
  }

  loadConfig(name: string): Uint8Array | null {
    return this.metaLog.get(this.key(name)) || null;
  }

  saveConfig(name: string, value: Uint8Array): void {
    this.metaLog.put(this.key(name), value);
  }

  nextRequestCounter(): number {
    return this.counter.next();
  }

  lastSeq(): number {
    return this.j.lastSeq;
  }

  firstUnackedSeq(): number {
    return this.j.firstUnackedSeq || this.j.lastSeq + 1;
  }

  lastTag(): Uint8Array {
    const r = this.j.lastRecord();
    return r ? new Uint8Array(r.subarray(r.length - TAG_BYTES)) : GENESIS_TAG;
  }

  canAppend(bytes: number): boolean {
    return this.j.canAppend(bytes);
  }

  append(record: Uint8Array): void {
    this.j.append(this.j.lastSeq + 1, record);
  }

  read(seq: number): Uint8Array | null {
    return this.j.get(seq) || null;
  }

  acknowledge(throughSeq: number): void {
    this.j.acknowledge(throughSeq);
  }

  // Sequence numbers carry on after a wipe: the journal's records are all acknowledged
  // (the caller guarantees it) and stay until their segments are reused.
  erase(): void {
    const j = this.j;
    if (j.lastSeq > j.ackedThrough) j.acknowledge(j.lastSeq);
    this.metaLog.remove(SETTINGS_KEY);
    this.metaLog.remove(ENROLMENT_KEY);
  }
}
