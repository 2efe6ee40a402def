import { Reader, Writer } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, readHeader, checkU32NonZero } from './header';

// Enrolment, provisioning host → terminal (SPEC.md §10): identity and the 32-byte
// authentication key the terminal shares with the ledger. Accepted only by an
// unprovisioned terminal or one held in maintenance mode, over the wired host link.
export interface Enrolment {
  terminalId: number;
  merchantId: number;
  authKey: Uint8Array;
  extensions: Uint8Array;
}

export function encodeEnrolment(e: Enrolment): Uint8Array {
  const ext = e.extensions || EMPTY_EXTENSIONS;
  const w = new Writer(43 + ext.length);
  w.u8(MessageType.ENROLMENT);
  w.u8(1);
  w.u32(e.terminalId);
  w.u32(e.merchantId);
  w.put(e.authKey);
  writeExtensions(w, ext);
  return w.done();
}

export function decodeEnrolment(bytes: Uint8Array): Enrolment {
  const r = new Reader(bytes);
  readHeader(r, MessageType.ENROLMENT);
  const e: Enrolment = {
    terminalId: checkU32NonZero(r.u32(), 'terminal id'),
    merchantId: checkU32NonZero(r.u32(), 'merchant id'),
    authKey: r.take(32),
    extensions: readExtensions(r, 64),
  };
  r.end();
  return e;
}
