import { REQUEST_TEXT_PREFIX } from '../../protocol/text/request-text';
import { ALPHANUMERIC } from './tables';

// The payment request's QR text, "KERB:" + Base45(request) (protocol/text), straight
// from the request bytes as alphanumeric values: Base45 digits ARE the QR alphanumeric
// values, so the text never needs building (it costs more than the QR's own packing).
const PREFIX = new Uint8Array(REQUEST_TEXT_PREFIX.length);
for (let i = 0; i < PREFIX.length; i++) PREFIX[i] = ALPHANUMERIC.indexOf(REQUEST_TEXT_PREFIX[i]);

export function requestValues(request: Uint8Array): Uint8Array {
  const n = request.length;
  const out = new Uint8Array(PREFIX.length + 3 * (n >> 1) + 2 * (n & 1));
  out.set(PREFIX);
  let o = PREFIX.length;
  let v;
  let e;
  let d;
  for (let i = 0; i + 1 < n; i += 2) {
    v = request[i] * 256 + request[i + 1];
    e = (v / 2025) | 0;
    v -= e * 2025;
    d = (v / 45) | 0;
    out[o++] = v - d * 45;
    out[o++] = d;
    out[o++] = e;
  }
  if (n & 1) {
    v = request[n - 1];
    d = (v / 45) | 0;
    out[o++] = v - d * 45;
    out[o] = d;
  }
  return out;
}
