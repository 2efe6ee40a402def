import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimStorage } from '../../hal/sim/storage';
import { PowerCut } from '../../hal/sim/flash';

describe('simulated terminal flash', () => {
  it('keeps journal, counters and config in files across runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerb-sim-storage-'));
    const a = createSimStorage('pixljs', { dir }).open().store;
    a.saveConfig('enrol', new Uint8Array([4, 5]));
    const c = a.nextRequestCounter();
    a.append(new Uint8Array(153).fill(1));
    a.append(new Uint8Array(153).fill(2));
    const b = createSimStorage('pixljs', { dir }).open().store;
    expect(b.lastSeq()).toBe(2);
    expect(b.read(1)).toEqual(new Uint8Array(153).fill(1));
    expect(b.loadConfig('enrol')).toEqual(new Uint8Array([4, 5]));
    expect(b.nextRequestCounter()).toBeGreaterThan(c);
  });

  it('cuts power on both devices at once and boots from what the cut left', () => {
    const sim = createSimStorage('pixljs');
    const st = sim.open().store;
    st.append(new Uint8Array(153).fill(1));
    sim.rail.scheduleCut(sim.rail.operations + 1, true);
    expect(() => st.append(new Uint8Array(153).fill(2))).toThrow();
    expect(sim.metaFlash.isFrozen).toBe(true);
    expect(() => sim.metaFlash.read(0, 1)).toThrow(PowerCut);
    sim.rail.powerOn();
    const after = sim.open().store;
    expect(after.lastSeq()).toBe(1);
    after.append(new Uint8Array(153).fill(3));
    expect(after.read(2)).toEqual(new Uint8Array(153).fill(3));
  });
});
