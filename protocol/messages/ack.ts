import { begin, int, bytes, end } from '../bytes';
import { MessageType, Header, Size, readHeader, nonZero } from './header';

// Ledger acknowledgement (SPEC.md §9): the ledger has durably stored every record of
// this terminal through `throughSeq`. Names that record's tag and is MACed with the
// terminal's key, so only the ledger can make the terminal forget sales.
export interface Ack {
  terminalId: number;
  throughSeq: number;
  recordTag: Uint8Array;
  tag: Uint8Array;
}

export const ACK_BYTES = 42; // 26 + the tag

export function encodeAckBody(a: Ack): Uint8Array {
  begin(new Uint8Array(26));
  int(2, MessageType.ACK | Header.V1);
  int(4, a.terminalId);
  int(4, a.throughSeq);
  bytes(a.recordTag);
  return end();
}

export function encodeAck(a: Ack): Uint8Array {
  const out = new Uint8Array(ACK_BYTES);
  out.set(encodeAckBody(a));
  out.set(a.tag, 26);
  return out;
}

export function decodeAck(b: Uint8Array): Ack {
  begin(b);
  readHeader(MessageType.ACK);
  const a: Ack = {
    terminalId: nonZero(),
    throughSeq: nonZero(),
    recordTag: bytes(Size.TAG),
    tag: bytes(Size.TAG),
  };
  end();
  return a;
}
