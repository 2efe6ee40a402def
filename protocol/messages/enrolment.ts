import { begin, int, bytes, end } from '../bytes';
import { readExtensions, writeExtensions, EMPTY_EXTENSIONS } from '../extensions';
import { MessageType, Header, Size, readHeader, nonZero } from './header';

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
  begin(new Uint8Array(43 + ext.length));
  int(2, MessageType.ENROLMENT | Header.V1);
  int(4, e.terminalId);
  int(4, e.merchantId);
  bytes(e.authKey);
  writeExtensions(ext);
  return end();
}

export function decodeEnrolment(b: Uint8Array): Enrolment {
  begin(b);
  readHeader(MessageType.ENROLMENT);
  const e: Enrolment = {
    terminalId: nonZero(),
    merchantId: nonZero(),
    authKey: bytes(Size.KEY),
    extensions: readExtensions(64),
  };
  end();
  return e;
}
