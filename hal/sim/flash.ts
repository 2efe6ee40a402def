// Simulated NOR flash for Node: counts every program/erase, wears pages, and cuts power
// at a chosen operation — cleanly (the operation never happens) or torn (it half happens).
// After a cut the device is frozen until powerOn(), as the hardware would be.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Flash, FlashGeometry } from '../ports/flash';
import { Prng } from './prng';

export class PowerCut extends Error {
  constructor(readonly operation: number, readonly torn: boolean) {
    super(`power cut at flash operation ${operation}${torn ? ' (torn)' : ''}`);
    this.name = 'PowerCut';
  }
}

export class FlashMisuse extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlashMisuse';
  }
}

// Power shared by the flash devices of one simulated terminal: one operation count, one
// scheduled cut, and all of them frozen together when it happens.
export class PowerRail {
  operations = 0;
  cutAt = -1;
  torn = false;
  frozen = false;

  // Cut power when the operation numbered `operation` (0-based count of program/erase
  // calls on this rail) starts; torn leaves it partly done.
  scheduleCut(operation: number, torn: boolean): void {
    this.cutAt = operation;
    this.torn = torn;
  }

  // Power returns: the flash keeps whatever the cut left.
  powerOn(): void {
    this.frozen = false;
    this.cutAt = -1;
  }

  // Counts one operation; true when power fails during it.
  step(): boolean {
    return this.operations++ === this.cutAt;
  }
}

export interface SimFlashOptions {
  // Shared with other devices of the same terminal; each device has its own by default.
  rail?: PowerRail;
  // Backing file: loaded when present, rewritten atomically after every change.
  file?: string;
  // Seed for the torn-operation patterns.
  seed?: number;
}

const FILE_MAGIC = 0x3146534b; // "KSF1"

export class SimFlash implements Flash {
  readonly geometry: FlashGeometry;
  readonly bytes: Uint8Array;
  readonly eraseCounts: Uint32Array;
  readonly rail: PowerRail;
  operations = 0;
  bytesProgrammed = 0;
  private readonly rng: Prng;
  private readonly file?: string;

  constructor(geometry: FlashGeometry, options: SimFlashOptions = {}) {
    const { pageSize, pageCount, writeAlign } = geometry;
    if (!(pageSize > 0 && pageCount > 0 && writeAlign > 0 && pageSize % writeAlign === 0)) {
      throw new FlashMisuse(`bad flash geometry ${JSON.stringify(geometry)}`);
    }
    this.geometry = { pageSize, pageCount, writeAlign };
    this.bytes = new Uint8Array(pageSize * pageCount).fill(0xff);
    this.eraseCounts = new Uint32Array(pageCount);
    this.rng = new Prng(options.seed ?? 1);
    this.rail = options.rail ?? new PowerRail();
    this.file = options.file;
    if (this.file && existsSync(this.file)) this.load(this.file);
  }

  get size(): number {
    return this.bytes.length;
  }

  scheduleCut(operation: number, torn: boolean): void {
    this.rail.scheduleCut(operation, torn);
  }

  get isFrozen(): boolean {
    return this.rail.frozen;
  }

  powerOn(): void {
    this.rail.powerOn();
  }

  read(address: number, length: number): Uint8Array {
    this.checkPowered();
    this.checkRange(address, length);
    return this.bytes.slice(address, address + length);
  }

  program(address: number, data: Uint8Array): void {
    this.checkPowered();
    const align = this.geometry.writeAlign;
    if (address % align !== 0 || data.length % align !== 0) {
      throw new FlashMisuse(`program at ${address} length ${data.length} is not aligned to ${align}`);
    }
    this.checkRange(address, data.length);
    for (let i = 0; i < data.length; i++) {
      const old = this.bytes[address + i];
      if (old !== 0xff && old !== data[i]) {
        throw new FlashMisuse(`program over a non-erased byte at ${address + i} (0x${old.toString(16)} -> 0x${data[i].toString(16)})`);
      }
    }
    this.operations++;
    if (this.rail.step()) {
      if (this.rail.torn) this.tornProgram(address, data);
      this.cut();
    }
    this.bytes.set(data, address);
    this.bytesProgrammed += data.length;
    this.persist();
  }

  erasePage(page: number): void {
    this.checkPowered();
    if (!(page >= 0 && page < this.geometry.pageCount && page === Math.floor(page))) {
      throw new FlashMisuse(`erase of page ${page} outside 0..${this.geometry.pageCount - 1}`);
    }
    this.operations++;
    const start = page * this.geometry.pageSize;
    const end = start + this.geometry.pageSize;
    if (this.rail.step()) {
      if (this.rail.torn) this.tornErase(start, end);
      this.cut();
    }
    this.bytes.fill(0xff, start, end);
    this.eraseCounts[page]++;
    this.persist();
  }

  sync(): void {
    this.checkPowered();
  }

  maxEraseCount(): number {
    let m = 0;
    for (const c of this.eraseCounts) m = Math.max(m, c);
    return m;
  }

  totalErases(): number {
    let s = 0;
    for (const c of this.eraseCounts) s += c;
    return s;
  }

  private cut(): never {
    this.rail.frozen = true;
    this.persist();
    throw new PowerCut(this.rail.operations - 1, this.rail.torn);
  }

  // NOR programs word by word in address order, but a serial-flash page program can
  // leave any subset; both shapes occur here, plus one word half-programmed.
  private tornProgram(address: number, data: Uint8Array): void {
    const word = Math.max(4, this.geometry.writeAlign);
    const words = Math.ceil(data.length / word);
    const scattered = this.rng.int(3) === 0;
    const prefix = this.rng.int(words);
    for (let w = 0; w < words; w++) {
      const done = scattered ? this.rng.int(2) === 0 : w < prefix;
      const partial = scattered ? this.rng.int(4) === 0 : w === prefix;
      for (let i = w * word; i < Math.min(data.length, (w + 1) * word); i++) {
        if (done) this.bytes[address + i] = data[i];
        else if (partial) this.bytes[address + i] &= data[i] | this.rng.int(256);
      }
    }
    this.bytesProgrammed += data.length;
  }

  // An interrupted erase leaves the page in neither state: random bytes, erased only up
  // to some point, or each bit either its old value or 1.
  private tornErase(start: number, end: number): void {
    const shape = this.rng.int(3);
    if (shape === 0) {
      for (let i = start; i < end; i++) this.bytes[i] = this.rng.int(256);
    } else if (shape === 1) {
      this.bytes.fill(0xff, start, start + this.rng.int(end - start));
    } else {
      for (let i = start; i < end; i++) this.bytes[i] |= this.rng.int(256);
    }
    this.eraseCounts[(start / this.geometry.pageSize) | 0]++;
  }

  private checkPowered(): void {
    if (this.rail.frozen) throw new PowerCut(this.rail.operations, this.rail.torn);
  }

  private checkRange(address: number, length: number): void {
    if (!(address >= 0 && length >= 0 && address + length <= this.bytes.length && address === Math.floor(address))) {
      throw new FlashMisuse(`access ${address}+${length} outside the ${this.bytes.length}-byte flash`);
    }
  }

  private persist(): void {
    if (!this.file) return;
    const { pageSize, pageCount, writeAlign } = this.geometry;
    const out = Buffer.alloc(16 + this.bytes.length + pageCount * 4);
    out.writeUInt32LE(FILE_MAGIC, 0);
    out.writeUInt32LE(pageSize, 4);
    out.writeUInt32LE(pageCount, 8);
    out.writeUInt32LE(writeAlign, 12);
    out.set(this.bytes, 16);
    for (let p = 0; p < pageCount; p++) out.writeUInt32LE(this.eraseCounts[p], 16 + this.bytes.length + p * 4);
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, out);
    renameSync(tmp, this.file);
  }

  private load(file: string): void {
    const buf = readFileSync(file);
    const { pageSize, pageCount, writeAlign } = this.geometry;
    const ok = buf.length === 16 + this.bytes.length + pageCount * 4 && buf.readUInt32LE(0) === FILE_MAGIC
      && buf.readUInt32LE(4) === pageSize && buf.readUInt32LE(8) === pageCount && buf.readUInt32LE(12) === writeAlign;
    if (!ok) throw new FlashMisuse(`${file} is not a flash image of this geometry (${pageCount} x ${pageSize} bytes)`);
    this.bytes.set(buf.subarray(16, 16 + this.bytes.length));
    for (let p = 0; p < pageCount; p++) this.eraseCounts[p] = buf.readUInt32LE(16 + this.bytes.length + p * 4);
  }
}
