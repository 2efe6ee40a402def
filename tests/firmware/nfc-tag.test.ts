import { describe, expect, it } from 'vitest';
import { newTag, tagServe, tagCommand, tagTake, PAGES, RECORD_TYPE } from '../../hal/espruino/nfc-tag';

// A phone's side of the exchange, command by command, as the NFCrx handler sees it, with
// its own NDEF code (NFC Forum NDEF 1.0) so the tag's encoding is checked independently.
const TYPE = [...RECORD_TYPE].map((c) => c.charCodeAt(0));

// NDEF TLV holding one external-type "kerb.io:k" record, terminated by 0xFE.
function ndefWrap(payload: Uint8Array): Uint8Array {
  const short = payload.length < 256;
  const n = payload.length;
  const record = [short ? 0xd4 : 0xc4, TYPE.length, ...(short ? [n] : [0, 0, n >> 8, n & 255]), ...TYPE, ...payload];
  const tl = record.length > 254 ? [0x03, 0xff, record.length >> 8, record.length & 255] : [0x03, record.length];
  return new Uint8Array([...tl, ...record, 0xfe]);
}

// The payload of the first record of an NDEF TLV area, if it is a "kerb.io:k" record.
function ndefPayload(area: Uint8Array): number[] | null {
  expect(area[0]).toBe(0x03);
  let p = 2;
  let len = area[1];
  if (len === 0xff) [len, p] = [(area[2] << 8) | area[3], 4];
  const h = area[p];
  expect(h & 0x0f).toBe(4);
  const short = (h & 0x10) !== 0;
  const pl = short ? area[p + 2] : (area[p + 4] << 8) | area[p + 5];
  const q = p + (short ? 3 : 6);
  expect(Array.from(area.subarray(q, q + TYPE.length))).toEqual(TYPE);
  expect(area[p + len]).toBe(0xfe);
  return Array.from(area.subarray(q + TYPE.length, q + TYPE.length + pl));
}

function readAll(tag: Uint8Array): Uint8Array {
  const out = new Uint8Array(PAGES * 4);
  for (let p = 0; p < PAGES; p += 4) {
    const r = tagCommand(tag, new Uint8Array([0x30, p])) as Uint8Array;
    expect(r).toHaveLength(16);
    out.set(r.subarray(0, Math.min(16, (PAGES - p) * 4)), p * 4);
  }
  return out;
}

// NFC Forum Type 2 NDEF write: page 4 with length 0 first, data, then page 4 last.
function ndefWrite(tag: Uint8Array, area: Uint8Array): number[] {
  const padded = new Uint8Array(Math.ceil(area.length / 4) * 4);
  padded.set(area);
  const acks: number[] = [];
  const first = padded.slice(0, 4);
  first[1] = 0;
  if (area[1] === 0xff) first.set([0x03, 0, 0, 0]);
  acks.push(tagCommand(tag, new Uint8Array([0xa2, 4, ...first])) as number);
  for (let i = 4; i < padded.length; i += 4) acks.push(tagCommand(tag, new Uint8Array([0xa2, 4 + i / 4, ...padded.slice(i, i + 4)])) as number);
  expect(tagTake(tag)).toBeUndefined(); // not committed before page 4 gets its length
  acks.push(tagCommand(tag, new Uint8Array([0xa2, 4, ...padded.slice(0, 4)])) as number);
  return acks;
}

describe('NFC Type 2 tag emulation', () => {
  const uid = new Uint8Array([0x04, 1, 2, 3, 4, 5, 6]);

  it('serves the request as an NDEF record a reader finds', () => {
    for (const size of [37, 120]) {
      const tag = newTag(uid);
      const req = new Uint8Array(size).map((_, i) => i * 7);
      tagServe(tag, req);
      const mem = readAll(tag);
      expect(Array.from(mem.subarray(0, 9))).toEqual([4, 1, 2, 0x88 ^ 4 ^ 1 ^ 2, 3, 4, 5, 6, 3 ^ 4 ^ 5 ^ 6]);
      expect(Array.from(mem.subarray(12, 16))).toEqual([0xe1, 0x10, 0x3e, 0x00]);
      expect(Array.from(mem.subarray(16, 16 + ndefWrap(req).length))).toEqual(Array.from(ndefWrap(req)));
      expect(ndefPayload(mem.subarray(16))).toEqual(Array.from(req));
    }
    const tag = newTag(uid);
    tagServe(tag, new Uint8Array(37));
    const fast = tagCommand(tag, new Uint8Array([0x3a, 4, 20])) as Uint8Array;
    expect(fast.length).toBe(68);
    expect(tagCommand(tag, new Uint8Array([0x3a, 5, 4]))).toBe(0);
    expect(tagCommand(tag, new Uint8Array([0x3a, 4, PAGES]))).toBe(0);
    expect(tagCommand(tag, new Uint8Array([0x60])) as Uint8Array).toHaveLength(8);
    expect(tagCommand(tag, new Uint8Array([0x3c, 0])) as Uint8Array).toHaveLength(32);
    expect(tagCommand(tag, new Uint8Array([0x30, 200]))).toBe(0);
    expect(tagCommand(tag, new Uint8Array([0x99]))).toBe(0);
    // A READ of the last pages wraps around to page 0.
    const wrap = tagCommand(tag, new Uint8Array([0x30, PAGES - 1])) as Uint8Array;
    expect(Array.from(wrap.subarray(4, 16))).toEqual(Array.from(tag.subarray(0, 12)));
    tagServe(tag, null);
    expect(readAll(tag).subarray(16).every((b) => b === 0)).toBe(true);
  });

  it('takes a payment written with the NDEF write procedure, once, short and long forms', () => {
    for (const size of [150, 256, 400]) {
      const tag = newTag(uid);
      tagServe(tag, new Uint8Array(37));
      const payment = new Uint8Array(size).map((_, i) => (i * 13) & 255);
      const acks = ndefWrite(tag, ndefWrap(payment));
      expect(acks.every((a) => a === 0x0a)).toBe(true);
      expect(Array.from(tagTake(tag)!)).toEqual(Array.from(payment));
      expect(tagTake(tag)).toBeUndefined();
    }
  });

  it('refuses writes outside user memory and ignores foreign or broken NDEF records', () => {
    const tag = newTag(uid);
    expect(tagCommand(tag, new Uint8Array([0xa2, 2, 0, 0, 0, 0]))).toBe(0);
    expect(tagCommand(tag, new Uint8Array([0xa2, 130, 0, 0, 0, 0]))).toBe(0);
    expect(tagCommand(tag, new Uint8Array([0xa2, 5, 1]))).toBe(0);
    // A URI record (TNF 1) is not a Kerb payment.
    for (const [p, b] of [[5, [0x01, 0x03, 0x55, 0x00]], [6, [0x61, 0x62, 0xfe, 0]], [4, [0x03, 0x07, 0xd1, 0x01]]] as const) tagCommand(tag, new Uint8Array([0xa2, p, ...b]));
    expect(tagTake(tag)).toBeUndefined();
    // Another external type, and a payload longer than its TLV.
    const other = ndefWrap(new Uint8Array(20));
    other[7] = 0x41;
    ndefWrite(tag, other);
    expect(tagTake(tag)).toBeUndefined();
    const long = ndefWrap(new Uint8Array(20));
    long[4] = 40;
    ndefWrite(tag, long);
    expect(tagTake(tag)).toBeUndefined();
    const good = ndefWrap(new Uint8Array([9, 8, 7]));
    ndefWrite(tag, good);
    expect(Array.from(tagTake(tag)!)).toEqual([9, 8, 7]);
  });
});
