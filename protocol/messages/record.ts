import { Reader, Writer } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, readHeader, checkCurrency, checkU32NonZero } from './header';
import { CHALLENGE_BYTES } from './request';
import { fail } from '../errors';

// Journal record: one approved sale as the terminal stores and exports it (SPEC.md §6).
// Holds everything the ledger needs to re-verify the wallet's signature (with the
// certificate found by hash) and the terminal's chained MAC tag.
export interface JournalRecord {
  seq: number;
  time: number;
  requestCounter: number;
  amount: number;
  currency: number;
  challenge: Uint8Array;
  walletCounter: number;
  certHash: Uint8Array;
  walletSignature: Uint8Array;
  extensions: Uint8Array;
  tag: Uint8Array; // 16 bytes
}

const FIXED = 137;
export const TAG_BYTES = 16;
export const RECORD_MAX_EXTENSIONS = 7;
export const RECORD_BYTES = FIXED + TAG_BYTES;
export const RECORD_MAX_BYTES = RECORD_BYTES + RECORD_MAX_EXTENSIONS;

// The record without its tag: what the tag authenticates.
export function encodeRecordBody(rec: Omit<JournalRecord, 'tag'>): Uint8Array {
  const ext = rec.extensions || EMPTY_EXTENSIONS;
  if (ext.length > RECORD_MAX_EXTENSIONS) fail('record extensions too long');
  const w = new Writer(FIXED + ext.length);
  w.u8(MessageType.RECORD);
  w.u8(1);
  w.u32(rec.seq);
  w.u32(rec.time);
  w.u32(rec.requestCounter);
  w.u32(rec.amount);
  w.u16(rec.currency);
  w.put(rec.challenge);
  w.u32(rec.walletCounter);
  w.put(rec.certHash);
  w.put(rec.walletSignature);
  writeExtensions(w, ext);
  return w.done();
}

export function encodeRecord(rec: JournalRecord): Uint8Array {
  const body = encodeRecordBody(rec);
  const out = new Uint8Array(body.length + TAG_BYTES);
  out.set(body, 0);
  out.set(rec.tag, body.length);
  return out;
}

export function decodeRecord(bytes: Uint8Array): JournalRecord {
  if (bytes.length > RECORD_MAX_BYTES) fail('record too large');
  const r = new Reader(bytes);
  readHeader(r, MessageType.RECORD);
  const rec: JournalRecord = {
    seq: checkU32NonZero(r.u32(), 'sequence number'),
    time: r.u32(),
    requestCounter: r.u32(),
    amount: checkU32NonZero(r.u32(), 'amount'),
    currency: checkCurrency(r.u16()),
    challenge: r.take(CHALLENGE_BYTES),
    walletCounter: checkU32NonZero(r.u32(), 'wallet counter'),
    certHash: r.take(32),
    walletSignature: r.take(64),
    extensions: readExtensions(r, RECORD_MAX_EXTENSIONS),
    tag: r.take(TAG_BYTES),
  };
  r.end();
  return rec;
}
