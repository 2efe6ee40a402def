import { base45Encode, base45Decode } from './base45';
import { fail } from '../errors';

// The payment request's text form, as encoded in the QR code: "KERB:" + Base45.
// A 37-byte v1 request is 61 characters: exactly a version-3 QR at level M.
export const REQUEST_TEXT_PREFIX = 'KERB:';

export function requestToText(request: Uint8Array): string {
  return REQUEST_TEXT_PREFIX + base45Encode(request);
}

export function requestFromText(text: string): Uint8Array {
  if (text.substr(0, REQUEST_TEXT_PREFIX.length) !== REQUEST_TEXT_PREFIX) fail('not a Kerb payment request');
  return base45Decode(text.substr(REQUEST_TEXT_PREFIX.length));
}
