import { describe, expect, it } from 'vitest';
import { Type2Tag, ndefWrap, ndefUnwrap, PAGES } from '../../hal/espruino/nfc-tag';

// A phone's side of the exchange, command by command, as the NFCrx handler sees it.
function readAll(tag: Type2Tag): Uint8Array {
  const out = new Uint8Array(PAGES * 4);
  for (let p = 0; p < PAGES; p += 4) {
    const r = tag.command(new Uint8Array([0x30, p])) as Uint8Array;
    out.set(r.subarray(0, Math.min(16, (PAGES - p) * 4)), p * 4);
  }
  return out;
}

// NFC Forum Type 2 NDEF write: page 4 with length 0 first, data, then page 4 last.
function ndefWrite(tag: Type2Tag, payload: Uint8Array): number[] {
  const area = ndefWrap(payload);
  const padded = new Uint8Array(Math.ceil(area.length / 4) * 4);
  padded.set(area);
  const acks: number[] = [];
  const first = padded.slice(0, 4);
  first[1] = 0;
  if (first[0] === 0x03 && area[1] === 0xff) first.set([0x03, 0, 0, 0]);
  acks.push(tag.command(new Uint8Array([0xa2, 4, ...first])) as number);
  for (let i = 4; i < padded.length; i += 4) acks.push(tag.command(new Uint8Array([0xa2, 4 + i / 4, ...padded.slice(i, i + 4)])) as number);
  expect(tag.committed).toBe(false);
  acks.push(tag.command(new Uint8Array([0xa2, 4, ...padded.slice(0, 4)])) as number);
  return acks;
}

describe('NFC Type 2 tag emulation', () => {
  const uid = new Uint8Array([0x04, 1, 2, 3, 4, 5, 6]);

  it('serves the request as an NDEF record a reader finds', () => {
    const tag = new Type2Tag(uid);
    const req = new Uint8Array(37).map((_, i) => i * 7);
    tag.serve(req);
    const mem = readAll(tag);
    expect(Array.from(mem.subarray(12, 16))).toEqual([0xe1, 0x10, 0x3e, 0x00]);
    expect(Array.from(ndefUnwrap(mem.subarray(16))!)).toEqual(Array.from(req));
    const fast = tag.command(new Uint8Array([0x3a, 4, 20])) as Uint8Array;
    expect(fast.length).toBe(68);
    expect(tag.command(new Uint8Array([0x60])) as Uint8Array).toHaveLength(8);
    expect(tag.command(new Uint8Array([0x30, 200]))).toBe(0);
  });

  it('takes a payment written with the NDEF write procedure, once, short and long forms', () => {
    for (const size of [150, 256]) {
      const tag = new Type2Tag(uid);
      tag.serve(new Uint8Array(37));
      const payment = new Uint8Array(size).map((_, i) => (i * 13) & 255);
      const acks = ndefWrite(tag, payment);
      expect(acks.every((a) => a === 0x0a)).toBe(true);
      expect(tag.committed).toBe(true);
      expect(Array.from(tag.take()!)).toEqual(Array.from(payment));
      expect(tag.take()).toBeNull();
    }
  });

  it('refuses writes outside user memory and ignores foreign NDEF records', () => {
    const tag = new Type2Tag(uid);
    expect(tag.command(new Uint8Array([0xa2, 2, 0, 0, 0, 0]))).toBe(0);
    expect(tag.command(new Uint8Array([0xa2, 130, 0, 0, 0, 0]))).toBe(0);
    expect(tag.command(new Uint8Array([0xa2, 5, 1]))).toBe(0);
    // A URI record (TNF 1) is not a Kerb payment.
    for (const [p, b] of [[5, [0x01, 0x03, 0x55, 0x00]], [6, [0x61, 0x62, 0xfe, 0]], [4, [0x03, 0x07, 0xd1, 0x01]]] as const) tag.command(new Uint8Array([0xa2, p, ...b]));
    expect(tag.committed).toBe(true);
    expect(tag.take()).toBeNull();
    expect(ndefUnwrap(new Uint8Array(10))).toBeNull();
  });
});
