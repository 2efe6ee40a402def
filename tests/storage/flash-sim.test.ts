import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlashMisuse, PowerCut, PowerRail, SimFlash } from '../../hal/sim/flash';

const G = { pageSize: 64, pageCount: 4, writeAlign: 4 };
const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);

describe('SimFlash: NOR semantics', () => {
  it('starts erased, programs erased bytes, refuses to change programmed ones', () => {
    const f = new SimFlash(G);
    expect(f.read(0, 8)).toEqual(bytes(8, 0xff));
    f.program(4, new Uint8Array([1, 2, 3, 4]));
    expect(f.read(4, 4)).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(() => f.program(4, new Uint8Array([0, 2, 3, 4]))).toThrow(FlashMisuse);
    expect(() => f.program(4, bytes(4, 0xff))).toThrow(FlashMisuse);
    f.program(4, new Uint8Array([1, 2, 3, 4])); // the same value again is allowed
    expect(f.operations).toBe(2);
    expect(f.bytesProgrammed).toBe(8);
  });

  it('enforces write alignment and bounds', () => {
    const f = new SimFlash(G);
    expect(() => f.program(2, bytes(4, 0))).toThrow(/aligned/);
    expect(() => f.program(0, bytes(3, 0))).toThrow(/aligned/);
    expect(() => f.program(G.pageSize * G.pageCount, bytes(4, 0))).toThrow(/outside/);
    expect(() => f.erasePage(4)).toThrow(/outside/);
    expect(() => new SimFlash({ pageSize: 10, pageCount: 1, writeAlign: 4 })).toThrow(/geometry/);
  });

  it('erases a page to 0xFF and counts wear per page', () => {
    const f = new SimFlash(G);
    f.program(64, bytes(8, 0));
    f.erasePage(1);
    f.erasePage(1);
    f.erasePage(3);
    expect(f.read(64, 64)).toEqual(bytes(64, 0xff));
    expect(Array.from(f.eraseCounts)).toEqual([0, 2, 0, 1]);
    expect(f.maxEraseCount()).toBe(2);
    expect(f.totalErases()).toBe(3);
  });
});

describe('SimFlash: power cuts', () => {
  it('a clean cut leaves the operation undone and freezes the device until power returns', () => {
    const f = new SimFlash(G);
    f.scheduleCut(1, false);
    f.program(0, bytes(4, 1));
    expect(() => f.program(4, bytes(4, 2))).toThrow(PowerCut);
    expect(f.isFrozen).toBe(true);
    expect(() => f.read(0, 4)).toThrow(PowerCut);
    f.powerOn();
    expect(f.read(0, 8)).toEqual(new Uint8Array([1, 1, 1, 1, 255, 255, 255, 255]));
  });

  it('a torn program writes only part of its words', () => {
    let partial = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const f = new SimFlash(G, { seed });
      f.scheduleCut(0, true);
      expect(() => f.program(0, bytes(32, 0))).toThrow(PowerCut);
      f.powerOn();
      const got = f.read(0, 32);
      expect(got.every((b) => b === 0)).toBe(false);
      if (got.some((b) => b !== 0xff)) partial++;
    }
    expect(partial).toBeGreaterThan(10);
  });

  it('a torn erase leaves the page in neither state', () => {
    const shapes = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) {
      const f = new SimFlash(G, { seed });
      f.program(64, bytes(64, 0x00));
      f.scheduleCut(1, true);
      expect(() => f.erasePage(1)).toThrow(PowerCut);
      f.powerOn();
      const got = f.read(64, 64);
      expect(got.every((b) => b === 0xff)).toBe(false);
      shapes.add(got[0] === 0xff ? 'erased-start' : 'other');
    }
    expect(shapes.size).toBe(2);
  });

  it('devices on one power rail share the operation count and the cut', () => {
    const rail = new PowerRail();
    const a = new SimFlash(G, { rail });
    const b = new SimFlash(G, { rail });
    rail.scheduleCut(2, false);
    a.program(0, bytes(4, 0));
    b.program(0, bytes(4, 0));
    expect(() => a.program(4, bytes(4, 0))).toThrow(PowerCut);
    expect(b.isFrozen).toBe(true);
    expect(rail.operations).toBe(3);
  });
});

describe('SimFlash: backing file', () => {
  it('keeps the flash and its wear across instances, written by rename', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kerb-simflash-')), 'flash.bin');
    const f = new SimFlash(G, { file });
    f.program(8, new Uint8Array([9, 8, 7, 6]));
    f.erasePage(2);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(file + '.tmp')).toBe(false);
    const g = new SimFlash(G, { file });
    expect(g.read(8, 4)).toEqual(new Uint8Array([9, 8, 7, 6]));
    expect(g.eraseCounts[2]).toBe(1);
    expect(() => new SimFlash({ ...G, pageCount: 8 }, { file })).toThrow(/not a flash image/);
  });
});
