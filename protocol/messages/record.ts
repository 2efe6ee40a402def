import { begin, int, bytes, end } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, readHeader, currency, nonZero } from './header';
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
  begin(new Uint8Array(FIXED + ext.length));
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
  const out = new Uint8Array(body.length + TAG_BYTES);
  out.set(body, 0);
  out.set(rec.tag, body.length);
  return out;
}

export function decodeRecord(b: Uint8Array): JournalRecord {
  if (b.length > RECORD_MAX_BYTES) fail('record too large');
  begin(b);
  readHeader(MessageType.RECORD);
  const rec: JournalRecord = {
    seq: nonZero(4),
    time: int(4),
    requestCounter: int(4),
    amount: nonZero(4),
    currency: currency(),
    challenge: bytes(CHALLENGE_BYTES),
    walletCounter: nonZero(4),
    certHash: bytes(32),
    walletSignature: bytes(64),
    extensions: readExtensions(RECORD_MAX_EXTENSIONS),
    tag: bytes(TAG_BYTES),
  };
  end();
  return rec;
}
