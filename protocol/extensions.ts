import { Reader, Writer } from './bytes';
import { ProtocolError, fail } from './errors';
import { Reason } from './reasons';

// Every message ends its signed part with an extension block: u8 total length, then
// TLVs (u8 type, u8 length, value) in strictly ascending type order. Types with bit 7
// set are critical: a reader that does not know one must reject the message. v1 knows
// no extension types, so v1 writers emit an empty block and v1 readers skip
// non-critical TLVs (SPEC.md §2.3).
export const EMPTY_EXTENSIONS = new Uint8Array(0);

export function readExtensions(r: Reader, maxLength: number): Uint8Array {
  const len = r.u8();
  if (len > maxLength) fail('extension block too long');
  const block = r.take(len);
  let p = 0;
  let last = -1;
  while (p < len) {
    if (p + 2 > len) fail('truncated extension');
    const type = block[p];
    const vlen = block[p + 1];
    if (type <= last) fail('extensions out of order');
    if (p + 2 + vlen > len) fail('truncated extension value');
    if (type & 0x80) throw new ProtocolError(Reason.UNSUPPORTED_EXTENSION, 'critical extension ' + type);
    last = type;
    p += 2 + vlen;
  }
  return block;
}

export function writeExtensions(w: Writer, block: Uint8Array): void {
  w.u8(block.length);
  w.put(block);
}
