import { Reader, Writer } from '../bytes';
import { MessageType, readHeader, checkU32NonZero } from './header';
import { TAG_BYTES } from './record';

// Ledger acknowledgement (SPEC.md §9): the ledger has durably stored every record of
// this terminal through `throughSeq`. Names that record's tag and is MACed with the
// terminal's key, so only the ledger can make the terminal forget sales.
export interface Ack {
  terminalId: number;
  throughSeq: number;
  recordTag: Uint8Array;
  tag: Uint8Array;
}

export const ACK_BYTES = 26 + TAG_BYTES;

export function encodeAckBody(a: Ack): Uint8Array {
  const w = new Writer(26);
  w.u8(MessageType.ACK);
  w.u8(1);
  w.u32(a.terminalId);
  w.u32(a.throughSeq);
  w.put(a.recordTag);
  return w.done();
}

export function encodeAck(a: Ack): Uint8Array {
  const out = new Uint8Array(ACK_BYTES);
  out.set(encodeAckBody(a));
  out.set(a.tag, 26);
  return out;
}

export function decodeAck(bytes: Uint8Array): Ack {
  const r = new Reader(bytes);
  readHeader(r, MessageType.ACK);
  const a: Ack = {
    terminalId: checkU32NonZero(r.u32(), 'terminal id'),
    throughSeq: checkU32NonZero(r.u32(), 'sequence number'),
    recordTag: r.take(TAG_BYTES),
    tag: r.take(TAG_BYTES),
  };
  r.end();
  return a;
}
