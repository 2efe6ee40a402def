import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from '../../host-bridge/sync/outbox';
import { nextDelay } from '../../host-bridge/sync/backoff';
import { findTerminals, parseUsbId, PortListUnavailable, watchTerminals } from '../../host-bridge/watch';
import { parsePort } from '../../host-bridge/transport/open';
import { idempotencyKey } from '../../host-bridge/sync/engine';

function rec(seq: number, fill = 0): Uint8Array {
  const r = new Uint8Array(153).fill(fill);
  r[0] = 5;
  r[1] = 1;
  new DataView(r.buffer).setUint32(2, seq, true);
  return r;
}

const dir = () => mkdtempSync(join(tmpdir(), 'kerb-outbox-'));

describe('durable outbox', () => {
  it('replays records, ledger cursor and freed state after reopening', () => {
    const d = dir();
    const a = new Outbox(d);
    a.appendRecords([rec(1), rec(2), rec(3)]);
    a.noteLedger(2, new Uint8Array(42).fill(9));
    a.noteFreed(3);
    a.close();
    const b = new Outbox(d);
    expect(b.pending().map((r) => r[2])).toEqual([3]);
    expect(b.state).toMatchObject({ lastSeq: 3, ledgerThrough: 2, firstUnacked: 3 });
    expect(b.state.ack).toEqual(new Uint8Array(42).fill(9));
    b.close();
  });

  it('cuts a torn last entry (a crash mid-write) and keeps everything before it', () => {
    const d = dir();
    const a = new Outbox(d);
    a.appendRecords([rec(1), rec(2)]);
    a.close();
    const file = join(d, 'outbox.log');
    const original = readFileSync(file);
    const entry = 8 + 1 + 153;
    expect(original.length).toBe(2 * entry);
    for (const cut of [1, 7, 8, 100, 161]) {
      writeFileSync(file, original.subarray(0, original.length - cut));
      const b = new Outbox(d);
      expect(b.pending().map((r) => r[2])).toEqual([1]);
      expect(b.tornBytes).toBe(entry - cut);
      expect(statSync(file).size).toBe(entry);
      b.appendRecords([rec(2)]);
      b.close();
      const c = new Outbox(d);
      expect(c.pending().map((r) => r[2])).toEqual([1, 2]);
      c.close();
    }
  });

  it('stops at a corrupted entry instead of trusting what follows', () => {
    const d = dir();
    const a = new Outbox(d);
    a.appendRecords([rec(1), rec(2), rec(3)]);
    a.close();
    const file = join(d, 'outbox.log');
    const bytes = readFileSync(file);
    bytes[8 + 162 + 8 + 50] ^= 0x10; // inside record 2's body
    writeFileSync(file, bytes);
    const b = new Outbox(d);
    expect(b.pending().map((r) => r[2])).toEqual([1]);
    b.close();
  });

  it('drops a corrupt copy on request and compacts once everything is at the ledger', () => {
    const d = dir();
    const a = new Outbox(d);
    a.appendRecords(Array.from({ length: 500 }, (_, i) => rec(i + 1)));
    a.drop(400);
    expect(a.state.lastSeq).toBe(399);
    a.noteLedger(399, new Uint8Array(42).fill(1));
    a.noteFreed(400);
    expect(a.compact()).toBe(true);
    a.close();
    expect(statSync(join(d, 'outbox.log')).size).toBeLessThan(100);
    const b = new Outbox(d);
    expect(b.state).toMatchObject({ lastSeq: 399, ledgerThrough: 399, firstUnacked: 400 });
    expect(b.pending()).toEqual([]);
    b.close();
  });

  it('ignores garbage appended by something else', () => {
    const d = dir();
    const a = new Outbox(d);
    a.appendRecords([rec(1)]);
    a.close();
    appendFileSync(join(d, 'outbox.log'), Buffer.from('garbage garbage garbage'));
    const b = new Outbox(d);
    expect(b.pending()).toHaveLength(1);
    expect(b.tornBytes).toBe(23);
    b.close();
  });
});

describe('bridge helpers', () => {
  it('backs off with full jitter inside the ceiling and stops at the budget', () => {
    const policy = { baseMs: 100, capMs: 1000, maxAttempts: 5, budgetMs: 3000 };
    expect(nextDelay({ ...policy, random: () => 0.999 }, 1, 0)).toBe(199);
    expect(nextDelay({ ...policy, random: () => 0.999 }, 4, 0)).toBe(999);
    expect(nextDelay({ ...policy, random: () => 0 }, 2, 0)).toBe(0);
    expect(nextDelay(policy, 5, 0)).toBeNull();
    expect(nextDelay({ ...policy, random: () => 0.5 }, 3, 2900)).toBeNull();
  });

  it('derives idempotency keys from terminal, seq range and content', () => {
    const k = idempotencyKey(7, [rec(3), rec(4)]);
    expect(k).toMatch(/^kerb-t7-s3-4-[0-9a-f]{8}$/);
    expect(idempotencyKey(7, [rec(3), rec(4)])).toBe(k);
    expect(idempotencyKey(7, [rec(3), rec(4, 1)])).not.toBe(k);
  });

  it('parses ports and USB ids, refusing bad ones', () => {
    expect(parsePort('tcp://127.0.0.1:2323')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 2323 });
    expect(parsePort('/dev/ttyACM0')).toEqual({ kind: 'serial', path: '/dev/ttyACM0' });
    expect(() => parsePort('tcp://x:0')).toThrow(/tcp:\/\/host:port/);
    expect(() => parsePort('tcp://x')).toThrow();
    expect(parseUsbId('0x483:5740')).toEqual({ vendorId: '0483', productId: '5740' });
    expect(() => parseUsbId('zz')).toThrow(/VID:PID/);
  });

  it('says clearly that udevadm is missing instead of crashing', async () => {
    const missing = async () => {
      throw Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' });
    };
    await expect(findTerminals([{ vendorId: '0483', productId: '5740' }], missing)).rejects.toThrow(PortListUnavailable);
    await expect(findTerminals([{ vendorId: '0483', productId: '5740' }], missing)).rejects.toThrow(/apt-get install udev/);
  });

  it('watch syncs a terminal once per plug-in, by USB id', async () => {
    const lists = [
      [{ path: '/dev/ttyS0' }],
      [{ path: '/dev/ttyS0' }, { path: '/dev/ttyACM0', vendorId: '0483', productId: '5740' }],
      [{ path: '/dev/ttyACM0', vendorId: '0483', productId: '5740' }],
      [],
      [{ path: '/dev/ttyACM0', vendorId: '0483', productId: '5740' }],
    ];
    let i = 0;
    const stop = new AbortController();
    const seen: string[] = [];
    await watchTerminals({
      ids: [{ vendorId: '0483', productId: '5740' }], intervalMs: 1, signal: stop.signal,
      list: async () => {
        if (i === lists.length - 1) stop.abort();
        return lists[Math.min(i++, lists.length - 1)];
      },
      onAppear: async (p) => {
        seen.push('+' + p.path);
      },
      onGone: (p) => seen.push('-' + p),
    });
    expect(seen).toEqual(['+/dev/ttyACM0', '-/dev/ttyACM0', '+/dev/ttyACM0']);
  });
});
