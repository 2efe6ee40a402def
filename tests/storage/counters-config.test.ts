import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SimFlash } from '../../hal/sim/flash';
import { META_MAX_VALUE } from '../../firmware/storage/meta-log';
import { StorageError } from '../../firmware/storage/errors';
import { counterIssued } from '../../firmware/storage/journal-tools';
import { layoutFor, openStorage } from '../../firmware/storage/layout';
import { FlashTerminalStore } from '../../firmware/storage/terminal-store';
import { GENESIS_TAG } from '../../protocol/auth';
import { Reason } from '../../protocol/reasons';

const crc = (b: Uint8Array) => crc32(b) >>> 0;
const PIXL = layoutFor('pixljs');
const metaFlash = () => new SimFlash({ ...PIXL.meta, writeAlign: PIXL.writeAlign });
const journalFlash = () => new SimFlash({ ...PIXL.journal, writeAlign: PIXL.writeAlign });

describe('counters', () => {
  it('never repeat across reboots and skip at most one block', () => {
    const f = metaFlash();
    const jf = journalFlash();
    const seen = new Set<number>();
    let last = 0;
    for (let boot = 0; boot < 50; boot++) {
      const c = new FlashTerminalStore(openStorage(jf, f, crc, 32));
      expect(counterIssued(c)).toBeGreaterThanOrEqual(last);
      for (let i = 0; i < 1 + (boot % 7) * 9; i++) {
        const v = c.nextRequestCounter();
        expect(seen.has(v)).toBe(false);
        expect(v).toBeGreaterThan(last);
        expect(v - last).toBeLessThanOrEqual(32);
        seen.add(v);
        last = v;
      }
    }
  });

  it('need no page erase per increment', () => {
    const f = metaFlash();
    const c = new FlashTerminalStore(openStorage(journalFlash(), f, crc));
    for (let i = 0; i < 3000; i++) c.nextRequestCounter();
    // One entry (9 bytes) per 32 values; a 1 KB page moves every ~3,500 values.
    expect(f.totalErases()).toBeLessThanOrEqual(1);
    expect(f.bytesProgrammed / 3000).toBeLessThan(0.35);
  });

  it('refuse with STORAGE_FAILURE when their reserve cannot be written', () => {
    const f = metaFlash();
    const c = new FlashTerminalStore(openStorage(journalFlash(), f, crc, 1));
    c.nextRequestCounter();
    f.program = () => {
      throw new Error('flash controller error');
    };
    let err: unknown;
    try {
      c.nextRequestCounter();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).reason).toBe(Reason.STORAGE_FAILURE);
    expect(counterIssued(c)).toBe(1);
  });
});

describe('config blobs in the meta log', () => {
  it('keeps the latest blob per key across reboots and page moves', () => {
    const f = metaFlash();
    const jf = journalFlash();
    let cfg = new FlashTerminalStore(openStorage(jf, f, crc));
    const enrol = new Uint8Array(72).fill(7);
    cfg.saveConfig('enrol', enrol);
    for (let i = 0; i < 40; i++) cfg.saveConfig('settings', new Uint8Array(90).fill(i));
    cfg = new FlashTerminalStore(openStorage(jf, f, crc));
    expect(cfg.loadConfig('enrol')).toEqual(enrol);
    expect(cfg.loadConfig('settings')).toEqual(new Uint8Array(90).fill(39));
    expect(f.totalErases()).toBeGreaterThan(1);
    cfg.erase();
    const k = new FlashTerminalStore(openStorage(jf, f, crc));
    expect(k.loadConfig('settings')).toBeNull();
    expect(k.loadConfig('enrol')).toBeNull();
  });

  it('rejects blobs that are too long', () => {
    const cfg = new FlashTerminalStore(openStorage(journalFlash(), metaFlash(), crc));
    expect(() => cfg.saveConfig('settings', new Uint8Array(META_MAX_VALUE + 1))).toThrow(/longer than/);
  });
});

describe('FlashTerminalStore (the terminal\'s TerminalStore over flash)', () => {
  it('numbers records from 1, chains from GENESIS_TAG, keeps config and counters', () => {
    const jf = new SimFlash({ ...PIXL.journal, writeAlign: 1 });
    const mf = metaFlash();
    let st = new FlashTerminalStore(openStorage(jf, mf, crc));
    expect(st.lastSeq()).toBe(0);
    expect(st.firstUnackedSeq()).toBe(1);
    expect(st.lastTag()).toEqual(GENESIS_TAG);
    st.saveConfig('enrol', new Uint8Array([1, 2, 3]));
    const r1 = st.nextRequestCounter();
    for (let i = 1; i <= 5; i++) st.append(new Uint8Array(153).fill(i));
    st.acknowledge(2);
    st = new FlashTerminalStore(openStorage(jf, mf, crc));
    expect(st.lastSeq()).toBe(5);
    expect(st.firstUnackedSeq()).toBe(3);
    expect(st.read(4)).toEqual(new Uint8Array(153).fill(4));
    expect(st.read(9)).toBeNull();
    expect(st.lastTag()).toEqual(new Uint8Array(16).fill(5));
    expect(st.loadConfig('enrol')).toEqual(new Uint8Array([1, 2, 3]));
    expect(st.nextRequestCounter()).toBeGreaterThan(r1);
    expect(st.canAppend(153)).toBe(true);
    expect(() => st.loadConfig('nope')).toThrow(/no config slot/);
    st.erase();
    expect(st.loadConfig('enrol')).toBeNull();
    expect(st.firstUnackedSeq()).toBe(6);
    st.append(new Uint8Array(10));
    expect(st.lastSeq()).toBe(6);
  });
});
