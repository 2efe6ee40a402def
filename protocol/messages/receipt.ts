import { begin, int, bytes, end } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, Size, readHeader, currency, nonZero } from './header';
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

export function encodeReceipt(rc: Receipt): Uint8Array {
  const ext = rc.extensions || EMPTY_EXTENSIONS;
  begin(new Uint8Array(43 + ext.length + Size.TAG));
  int(2, MessageType.RECEIPT | Header.V1);
  int(4, rc.terminalId);
  int(4, rc.seq);
  int(1, rc.approved ? 0 : 1);
  int(1, rc.reason);
  int(4, rc.amount);
  int(2, rc.currency);
  bytes(rc.challenge);
  int(4, rc.walletCounter);
  int(4, rc.time);
  writeExtensions(ext);
  bytes(rc.tag);
  return end();
}

export function decodeReceipt(b: Uint8Array): Receipt {
  begin(b);
  readHeader(MessageType.RECEIPT);
  const terminalId = nonZero();
  const seq = int(4);
  const status = int(1);
  if (status > 1) fail('receipt status ' + status);
  const approved = status === 0;
  const reason = int(1);
  if (approved !== (reason === Reason.OK) || approved !== (seq !== 0)) fail('receipt status, reason and sequence disagree');
  const rc: Receipt = {
    terminalId, seq, approved, reason,
    amount: int(4),
    currency: currency(),
    challenge: bytes(Size.CHALLENGE),
    walletCounter: int(4),
    time: int(4),
    extensions: readExtensions(32),
    tag: bytes(Size.TAG),
  };
  end();
  return rc;
}
