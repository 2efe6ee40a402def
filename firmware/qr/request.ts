import { REQUEST_TEXT_PREFIX } from '../../protocol/text/request-text';
import { ALPHANUMERIC } from './tables';
import { byteMap } from './native';

// The payment request's QR text, "KERB:" + Base45(request) (protocol/text), straight
// from the request bytes as alphanumeric values: Base45 digits ARE the QR alphanumeric
// values, so the text never needs building (it costs more than the QR's own packing).
const PREFIX = new Uint8Array(REQUEST_TEXT_PREFIX.length);
for (let i = 0; i < PREFIX.length; i++) PREFIX[i] = ALPHANUMERIC.indexOf(REQUEST_TEXT_PREFIX[i]);

// Base45 takes the bytes two at a time (big-endian, one native lookup for all) as three
// digits, least significant first, and a last odd byte as two (its third digit, 0, is
// cut off).
export function requestValues(request: Uint8Array): Uint8Array {
  const n = request.length;
  const words = new Uint16Array((n + 1) >> 1);
  byteMap(request, words, undefined, 16);
  if (n & 1) words[words.length - 1] >>= 8; // read as the high half of a padded word
  const prefix = PREFIX;
  const out = new Uint8Array(prefix.length + 3 * words.length);
  out.set(prefix);
  let o = prefix.length;
  for (const w of words) {
    out[o++] = w % 45;
    out[o++] = ((w / 45) | 0) % 45;
    out[o++] = (w / 2025) | 0;
  }
  return out.subarray(0, o - (n & 1));
}
