import { begin, int, bytes, end } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, Size, readHeader, currency, nonZero } from './header';
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

export const TAG_BYTES = 16;
export const RECORD_MAX_EXTENSIONS = 7;
export const RECORD_BYTES = 153; // 137 fixed + the tag
export const RECORD_MAX_BYTES = 160;

// The record without its tag: what the tag authenticates.
export function encodeRecordBody(rec: Omit<JournalRecord, 'tag'>): Uint8Array {
  const ext = rec.extensions || EMPTY_EXTENSIONS;
  if (ext.length > Size.RECORD_MAX_EXTENSIONS) fail('record extensions too long');
  begin(new Uint8Array(Size.RECORD_FIXED + ext.length));
  int(2, MessageType.RECORD | Header.V1);
  int(4, rec.seq);
  int(4, rec.time);
  int(4, rec.requestCounter);
  int(4, rec.amount);
  int(2, rec.currency);
  bytes(rec.challenge);
  int(4, rec.walletCounter);
  bytes(rec.certHash);
  bytes(rec.walletSignature);
  writeExtensions(ext);
  return end();
}

export function encodeRecord(rec: JournalRecord): Uint8Array {
  const body = encodeRecordBody(rec);
  const out = new Uint8Array(body.length + Size.TAG);
  out.set(body, 0);
  out.set(rec.tag, body.length);
  return out;
}

export function decodeRecord(b: Uint8Array): JournalRecord {
  if (b.length > Size.RECORD_MAX) fail('record too large');
  begin(b);
  readHeader(MessageType.RECORD);
  const rec: JournalRecord = {
    seq: nonZero(),
    time: int(4),
    requestCounter: int(4),
    amount: nonZero(),
    currency: currency(),
    challenge: bytes(Size.CHALLENGE),
    walletCounter: nonZero(),
    certHash: bytes(Size.HASH),
    walletSignature: bytes(Size.SIGNATURE),
    extensions: readExtensions(Size.RECORD_MAX_EXTENSIONS),
    tag: bytes(Size.TAG),
  };
  end();
  return rec;
}
