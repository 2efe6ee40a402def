import type { TerminalStore } from '../terminal/store';
import { GENESIS_TAG } from '../../protocol/auth';
import { TAG_BYTES } from '../../protocol/messages/record';
import { Reason } from '../../protocol/reasons';
import { StorageError } from './errors';
import { ConfigKey } from './config-store';
import type { OpenedStorage } from './layout';

// Looked up by a name the terminal passes at run time: quoted, so the shipped build
// keeps the keys (it shortens every other property name).
const CONFIG_KEYS: Record<string, number> = { 'enrol': ConfigKey.ENROLMENT, 'settings': ConfigKey.SETTINGS };

function configKey(name: string): number {
  const k = CONFIG_KEYS[name];
  if (k === undefined) throw new StorageError(Reason.MALFORMED, 'no config slot named ' + name);
  return k;
}

// The terminal's TerminalStore over flash: records in the journal with consecutive
// sequence numbers (never reused, since the newest record's segment is never erased),
// the request counter reserved ahead in the meta log, config blobs in the config store.
export class FlashTerminalStore implements TerminalStore {
  private s: OpenedStorage;

  constructor(storage: OpenedStorage) {
    this.s = storage;
  }

  loadConfig(name: string): Uint8Array | null {
    return this.s.config.get(configKey(name)) || null;
  }

  saveConfig(name: string, value: Uint8Array): void {
    this.s.config.put(configKey(name), value);
  }

  nextRequestCounter(): number {
    return this.s.requestCounter.next();
  }

  lastSeq(): number {
    return this.s.journal.lastSeq;
  }

  firstUnackedSeq(): number {
    return this.s.journal.firstUnackedSeq || this.s.journal.lastSeq + 1;
  }

  lastTag(): Uint8Array {
    const r = this.s.journal.lastRecord();
    return r ? new Uint8Array(r.subarray(r.length - TAG_BYTES)) : GENESIS_TAG;
  }

  canAppend(bytes: number): boolean {
    return this.s.journal.canAppend(bytes, this.s.journal.lastSeq + 1);
  }

  append(record: Uint8Array): void {
    this.s.journal.append(this.s.journal.lastSeq + 1, record);
  }

  read(seq: number): Uint8Array | null {
    return this.s.journal.get(seq) || null;
  }

  acknowledge(throughSeq: number): void {
    this.s.journal.acknowledge(throughSeq);
  }

  // Sequence numbers carry on after a wipe: the journal's records are all acknowledged
  // (the caller guarantees it) and stay until their segments are reused.
  erase(): void {
    const j = this.s.journal;
    if (j.lastSeq > j.ackedThrough) j.acknowledge(j.lastSeq);
    this.s.config.remove(ConfigKey.SETTINGS);
    this.s.config.remove(ConfigKey.ENROLMENT);
  }
}
