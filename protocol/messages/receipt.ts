import { Reader, Writer } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, readHeader, checkCurrency, checkU32NonZero } from './header';
import { CHALLENGE_BYTES } from './request';
import { TAG_BYTES } from './record';
import { fail } from '../errors';
import { Reason } from '../reasons';

// Receipt, terminal → wallet (SPEC.md §6.3). An approved receipt carries the journal
// record's tag, which the ledger can check; it costs the terminal no extra crypto.
export interface Receipt {
  terminalId: number;
  seq: number; // journal sequence number; 0 when declined
  approved: boolean;
  reason: number;
  amount: number;
  currency: number;
  challenge: Uint8Array;
  walletCounter: number;
  time: number;
  extensions: Uint8Array;
  tag: Uint8Array; // the record's tag when approved, zeros when declined
}

const FIXED = 43;

export function encodeReceipt(rc: Receipt): Uint8Array {
  const ext = rc.extensions || EMPTY_EXTENSIONS;
  const w = new Writer(FIXED + ext.length + TAG_BYTES);
  w.u8(MessageType.RECEIPT);
  w.u8(1);
  w.u32(rc.terminalId);
  w.u32(rc.seq);
  w.u8(rc.approved ? 0 : 1);
  w.u8(rc.reason);
  w.u32(rc.amount);
  w.u16(rc.currency);
  w.put(rc.challenge);
  w.u32(rc.walletCounter);
  w.u32(rc.time);
  writeExtensions(w, ext);
  w.put(rc.tag);
  return w.done();
}

export function decodeReceipt(bytes: Uint8Array): Receipt {
  const r = new Reader(bytes);
  readHeader(r, MessageType.RECEIPT);
  const terminalId = checkU32NonZero(r.u32(), 'terminal id');
  const seq = r.u32();
  const status = r.u8();
  if (status > 1) fail('receipt status ' + status);
  const approved = status === 0;
  const reason = r.u8();
  if (approved !== (reason === Reason.OK) || approved !== (seq !== 0)) fail('receipt status, reason and sequence disagree');
  const rc: Receipt = {
    terminalId, seq, approved, reason,
    amount: r.u32(),
    currency: checkCurrency(r.u16()),
    challenge: r.take(CHALLENGE_BYTES),
    walletCounter: r.u32(),
    time: r.u32(),
    extensions: readExtensions(r, 32),
    tag: r.take(TAG_BYTES),
  };
  r.end();
  return rc;
}
