import { afterEach, describe, expect, it } from 'vitest';
import { hostCrypto } from '../../protocol/crypto/host';
import { encodeAck, encodeAckBody } from '../../protocol/messages/ack';
import { encodeEnrolment } from '../../protocol/messages/enrolment';
import { decodeRecord } from '../../protocol/messages/record';
import { tag16 } from '../../protocol/auth';
import { Reason } from '../../protocol/reasons';
import { crc32 } from '../../protocol/link/crc32';
import { encodeFrame, type Frame } from '../../protocol/link/frame';
import { FrameDecoder } from '../../protocol/link/decoder';
import { LinkType, TerminalFlag, decodeLinkError, decodeRecords } from '../../protocol/link/messages';
import { LinkDispatcher } from '../../firmware/link/dispatcher';
import { LinkClient, LinkRefused } from '../../host-bridge/link/client';
import { openTcp } from '../../host-bridge/transport/tcp';
import { FakeTerminal } from '../support/fake-terminal';
import { serveTerminal, type ServedTerminal } from '../support/terminal-line';

const K = new Uint8Array(32).fill(7);
const enrolment = { terminalId: 42, merchantId: 9, authKey: K, extensions: new Uint8Array(0) };

function makeAck(t: FakeTerminal, throughSeq: number, key = K): Uint8Array {
  const body = { terminalId: 42, throughSeq, recordTag: decodeRecord(t.journal.get(throughSeq)!).tag, tag: new Uint8Array(16) };
  return encodeAck({ ...body, tag: tag16(hostCrypto, key, encodeAckBody(body)) });
}

function direct(t: FakeTerminal, maxPayload?: number): { send: (type: number, seq: number, payload: Uint8Array) => Frame[] } {
  const out: Frame[] = [];
  const dec = new FrameDecoder(crc32, (f) => out.push(f));
  const d = new LinkDispatcher(t, crc32, (b) => dec.push(b), maxPayload);
  return {
    send: (type, seq, payload) => {
      out.length = 0;
      d.feed(encodeFrame(crc32, type, seq, payload));
      return out.slice();
    },
  };
}

let served: ServedTerminal | null = null;
afterEach(async () => {
  await served?.close();
  served = null;
});

describe('terminal-side dispatcher', () => {
  it('answers garbage requests with ERROR and a reason, never throwing', () => {
    const t = new FakeTerminal({ enrolment });
    const link = direct(t);
    const r = link.send(0x33, 5, new Uint8Array([1]));
    expect(r).toHaveLength(1);
    expect(r[0].type).toBe(LinkType.ERROR);
    expect(r[0].seq).toBe(5);
    expect(decodeLinkError(r[0].payload)).toEqual({ requestType: 0x33, reason: Reason.MALFORMED });
    const e = link.send(LinkType.EXPORT, 6, new Uint8Array([1, 2]));
    expect(decodeLinkError(e[0].payload).reason).toBe(Reason.MALFORMED);
    const a = link.send(LinkType.ACK, 7, new Uint8Array(42).fill(7));
    expect(a[0].type).toBe(LinkType.ERROR);
  });

  it('streams an export in parts that fit the host’s payload size, the last one flagged', () => {
    const t = new FakeTerminal({ enrolment });
    t.addSales(40);
    const link = direct(t);
    link.send(LinkType.HELLO, 1, new Uint8Array([1, 0x00, 0x04])); // host accepts 1024
    const parts = link.send(LinkType.EXPORT, 2, new Uint8Array([5, 0, 0, 0, 30, 0])).map((f) => decodeRecords(f.payload));
    expect(parts.map((p) => p.part)).toEqual([0, 1, 2, 3, 4]);
    expect(parts.map((p) => p.last)).toEqual([false, false, false, false, true]);
    const seqs = parts.flatMap((p) => p.records.map((r) => decodeRecord(r).seq));
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 5));
  });
});

describe('link client ↔ dispatcher over TCP', () => {
  it('handshakes, exports, acknowledges with the ledger MAC, and refuses a forged ack', async () => {
    const t = new FakeTerminal({ enrolment });
    t.addSales(25);
    served = await serveTerminal(t);
    const c = new LinkClient(await openTcp('127.0.0.1', served.port), { timeoutMs: 500 });
    const info = await c.hello();
    expect(info).toMatchObject({ terminalId: 42, merchantId: 9, firstUnackedSeq: 1, lastSeq: 25, count: 25, board: 'fake' });
    expect(info.flags & TerminalFlag.PROVISIONED).toBeTruthy();
    const ex = await c.exportRecords(1, 1000);
    expect(ex.complete).toBe(true);
    expect(ex.records.map((r) => decodeRecord(r).seq)).toEqual(t.approved);

    const forged = await c.acknowledge(makeAck(t, 10, new Uint8Array(32).fill(8)));
    expect(forged.reason).toBe(Reason.BAD_AUTHENTICATION);
    expect(t.held).toHaveLength(25);

    const ok = await c.acknowledge(makeAck(t, 10));
    expect(ok).toEqual({ reason: Reason.OK, value: 11, count: 15 });
    expect(t.freed).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    // Idempotent: the same ack again is OK and frees nothing more.
    const again = await c.acknowledge(makeAck(t, 10));
    expect(again.reason).toBe(Reason.OK);
    expect(t.freed).toHaveLength(10);
    await c.close();
  });

  it('enrols only when unprovisioned or in maintenance mode, and repeats idempotently', async () => {
    const t = new FakeTerminal();
    served = await serveTerminal(t);
    const c = new LinkClient(await openTcp('127.0.0.1', served.port), { timeoutMs: 500 });
    expect((await c.hello()).terminalId).toBe(0);
    const bytes = encodeEnrolment(enrolment);
    expect(await c.enrol(bytes)).toEqual({ reason: 0, value: 42, count: 0 });
    expect((await c.enrol(bytes)).reason).toBe(0);
    const other = encodeEnrolment({ ...enrolment, terminalId: 43 });
    expect((await c.enrol(other)).reason).toBe(Reason.BAD_AUTHENTICATION);
    t.maintenance = true;
    expect((await c.enrol(other)).value).toBe(43);
    await expect(c.status()).resolves.toMatchObject({ battery: 255, count: 0 });
    await c.close();
  });

  it('retries through bit flips and dropped bytes and still gets every record intact', async () => {
    const t = new FakeTerminal({ enrolment });
    t.addSales(120);
    served = await serveTerminal(t, { faults: { flipRate: 0.0005, dropRate: 0.0005, seed: 3 } });
    const c = new LinkClient(await openTcp('127.0.0.1', served.port), { timeoutMs: 200, attempts: 50 });
    const got: Uint8Array[] = [];
    let from = 1;
    for (let round = 0; round < 200 && from <= 120; round++) {
      const ex = await c.exportRecords(from, 40);
      for (const r of ex.records) got.push(r);
      if (ex.records.length) from = decodeRecord(ex.records[ex.records.length - 1]).seq + 1;
    }
    expect(got.map((r) => decodeRecord(r).seq)).toEqual(t.approved);
    expect(got.every((r, i) => Buffer.from(r).equals(Buffer.from(t.held[i].bytes)))).toBe(true);
    expect(served.stats.flipped + served.stats.dropped).toBeGreaterThan(0);
    expect(c.stats.retries + c.stats.corruptFrames).toBeGreaterThan(0);
    await c.close();
  });

  it('halves its frame size on a line too noisy for large frames, and still gets every record', async () => {
    const t = new FakeTerminal({ enrolment });
    t.addSales(60);
    served = await serveTerminal(t, { faults: { flipRate: 1e-3, dropRate: 1e-3, seed: 9 } });
    const c = new LinkClient(await openTcp('127.0.0.1', served.port), { timeoutMs: 150, attempts: 40 });
    await c.hello();
    const got: Uint8Array[] = [];
    let from = 1;
    for (let round = 0; round < 300 && from <= 60; round++) {
      const ex = await c.exportRecords(from, 60);
      for (const r of ex.records) got.push(r);
      if (ex.records.length) from = decodeRecord(ex.records[ex.records.length - 1]).seq + 1;
    }
    expect(c.stats.shrinks).toBeGreaterThan(0);
    expect(c.maxPayload).toBeLessThan(4096);
    expect(got.map((r) => Buffer.from(r).toString('hex'))).toEqual(t.approved.map((s) => Buffer.from(t.journal.get(s)!).toString('hex')));
    await c.close();
  });

  it('surfaces an ERROR reply as LinkRefused with the reason', async () => {
    const t = new FakeTerminal({ enrolment });
    served = await serveTerminal(t);
    const c = new LinkClient(await openTcp('127.0.0.1', served.port), { timeoutMs: 500 });
    await expect(c.request('X', 0x33, new Uint8Array(0), 0xb3)).rejects.toBeInstanceOf(LinkRefused);
    await c.close();
  });
});
