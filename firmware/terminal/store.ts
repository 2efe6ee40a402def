// What the terminal needs from persistent storage. firmware/terminal/storage-adapter.ts
// implements it over the journal, counters and config store of firmware/storage/.
// Every mutating call is durable when it returns and throws when it could not be done.
export interface TerminalStore {
  loadConfig(name: string): Uint8Array | null;
  saveConfig(name: string, value: Uint8Array): void;
  // A request counter never handed out before (reserved ahead in flash).
  nextRequestCounter(): number;
  // Journal: records are appended with consecutive sequence numbers from 1.
  lastSeq(): number; // 0 before the first sale
  firstUnackedSeq(): number; // lastSeq() + 1 when everything is acknowledged
  lastTag(): Uint8Array; // GENESIS_TAG before the first sale
  canAppend(bytes: number): boolean;
  append(record: Uint8Array): void;
  read(seq: number): Uint8Array | null; // a held record (acknowledged ones may be gone)
  acknowledge(throughSeq: number): void;
  // Wipes journal and config: only for re-enrolment with nothing unacknowledged.
  erase(): void;
}
