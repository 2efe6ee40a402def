import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32 } from '../../protocol/link/crc32';
import { encodeFrame, FRAME_OVERHEAD, MAX_PAYLOAD, type Frame } from '../../protocol/link/frame';
import { FrameDecoder } from '../../protocol/link/decoder';
import { ProtocolError } from '../../protocol/errors';
import { encodeRecords, decodeRecords } from '../../protocol/link/messages';
import { mulberry32 } from '../support/terminal-line';

function decodeAll(bytes: Uint8Array, chunk = 7, maxPayload?: number): { frames: Frame[]; decoder: FrameDecoder } {
  const frames: Frame[] = [];
  const d = new FrameDecoder(crc32, (f) => frames.push(f), maxPayload);
  for (let i = 0; i < bytes.length; i += chunk) d.push(bytes.subarray(i, i + chunk));
  return { frames, decoder: d };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('CRC-32', () => {
  it('is CRC-32/ISO-HDLC, as E.CRC32 on the device (check value 0xCBF43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    // E.CRC32 on Espruino 2v29 of [2,0x4b] (measured with the Linux build)
    expect(crc32(new Uint8Array([2, 0x4b]))).toBe(2464278629);
  });
});

describe('link frames', () => {
  it('encodes byte-exactly as LINK.md §2 says', () => {
    const f = encodeFrame(crc32, 0x02, 7, new Uint8Array([1, 2, 3]));
    expect(Array.from(f.subarray(0, 11))).toEqual([0x4b, 0xb5, 3, 0, 0xfc, 0xff, 0x02, 7, 1, 2, 3]);
    const crc = new DataView(f.buffer).getUint32(11, true);
    expect(crc).toBe(crc32(f.subarray(2, 11)));
    expect(f.length).toBe(FRAME_OVERHEAD + 3);
  });

  it('round-trips a RECORDS payload', () => {
    const records = [0, 1, 2].map((i) => Uint8Array.from({ length: 150 + i }, (_, j) => (i * 7 + j) & 0xff));
    const p = decodeRecords(encodeRecords({ part: 3, last: true, records }));
    expect([p.part, p.last]).toEqual([3, true]);
    expect(p.records.map((r) => Array.from(r))).toEqual(records.map((r) => Array.from(r)));
  });

  it('refuses an oversized payload with a ProtocolError', () => {
    expect(() => encodeFrame(crc32, 1, 1, new Uint8Array(MAX_PAYLOAD + 1))).toThrow(ProtocolError);
  });

  it('round-trips any frames split into any chunks', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ type: fc.integer({ min: 0, max: 255 }), seq: fc.integer({ min: 0, max: 255 }), payload: fc.uint8Array({ maxLength: 600 }) }), { maxLength: 8 }),
      fc.integer({ min: 1, max: 900 }),
      (frames, chunk) => {
        const bytes = concat(frames.map((f) => encodeFrame(crc32, f.type, f.seq, f.payload)));
        const got = decodeAll(bytes, chunk).frames;
        expect(got.map((f) => [f.type, f.seq, Array.from(f.payload)])).toEqual(frames.map((f) => [f.type, f.seq, Array.from(f.payload)]));
      },
    ), { numRuns: 200 });
  });

  it('finds every intact frame among garbage, and never throws', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 })), { maxLength: 6 }),
      fc.integer({ min: 1, max: 500 }),
      (pairs, chunk) => {
        const parts: Uint8Array[] = [];
        pairs.forEach(([garbage, payload], i) => {
          parts.push(garbage, encodeFrame(crc32, 0x82, i, payload));
        });
        const got = decodeAll(concat(parts), chunk).frames.filter((f) => f.type === 0x82);
        // Garbage may contain a valid frame by chance only with negligible probability;
        // every real frame must be found, in order.
        expect(got.map((f) => f.seq)).toEqual(pairs.map((_, i) => i));
      },
    ), { numRuns: 200 });
  });

  it('detects every bit flip and dropped byte, and recovers the frames behind them', () => {
    const rnd = mulberry32(42);
    let damaged = 0;
    for (let run = 0; run < 2000; run++) {
      const payloads = [0, 1, 2].map(() => Uint8Array.from({ length: Math.floor(rnd() * 400) }, () => Math.floor(rnd() * 256)));
      const frames = payloads.map((p, i) => encodeFrame(crc32, 0x82, i, p));
      const victim = frames[1].slice();
      const pos = Math.floor(rnd() * victim.length);
      const broken = rnd() < 0.5
        ? (() => { victim[pos] ^= 1 << Math.floor(rnd() * 8); return victim; })()
        : concat([victim.subarray(0, pos), victim.subarray(pos + 1)]);
      const { frames: got } = decodeAll(concat([frames[0], broken, frames[2]]), 1 + Math.floor(rnd() * 64));
      expect(got.map((f) => f.seq)).toEqual([0, 2]);
      expect(Array.from(got[1].payload)).toEqual(Array.from(payloads[2]));
      damaged++;
    }
    expect(damaged).toBe(2000);
  });

  it('keeps its buffer bounded by one maximal frame', () => {
    const { decoder, frames } = decodeAll(Uint8Array.from({ length: 100_000 }, (_, i) => (i % 3 === 0 ? 0x4b : i % 3 === 1 ? 0xb5 : 0)), 333, 512);
    expect(frames).toEqual([]);
    expect(decoder.buf.length).toBeLessThanOrEqual(512 + FRAME_OVERHEAD);
  });

  it('holds only the bytes of an incomplete frame, and nothing once it is delivered', () => {
    const frames: Frame[] = [];
    const d = new FrameDecoder(crc32, (f) => frames.push(f));
    const long = encodeFrame(crc32, 0x05, 1, Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff));
    d.push(new Uint8Array([1, 2, 3]));
    expect(d.buf.length).toBe(0);
    d.push(long.subarray(0, 500));
    expect(d.buf.length).toBe(500);
    d.push(long.subarray(500));
    expect(frames.map((f) => f.payload.length)).toEqual([1000]);
    expect(d.buf.length).toBe(0);
  });

  it('rejects a length whose complement does not match without waiting for it', () => {
    const good = encodeFrame(crc32, 1, 1, new Uint8Array([9]));
    const bad = encodeFrame(crc32, 1, 2, new Uint8Array(1000));
    bad[3] ^= 0x01; // length now disagrees with its complement
    const { frames } = decodeAll(concat([bad.subarray(0, 20), good]), 5);
    expect(frames.map((f) => f.seq)).toEqual([1]);
  });
});
