import { int, bytes } from './bytes';
import { ProtocolError, fail } from './errors';
import { Reason } from './reasons';

// Every message ends its signed part with an extension block: u8 total length, then
// TLVs (u8 type, u8 length, value) in strictly ascending type order. Types with bit 7
// set are critical: a reader that does not know one must reject the message. v1 knows
// no extension types, so v1 writers emit an empty block and v1 readers skip
// non-critical TLVs (SPEC.md §2.3). Both work at the cursor of ./bytes.ts.
export const EMPTY_EXTENSIONS = new Uint8Array(0);

export function readExtensions(maxLength: number): Uint8Array {
  const len = int(1);
  if (len > maxLength) fail('extension block too long');
  const block = bytes(len);
  let last = -1;
  for (let p = 0; p < len; ) {
    const type = block[p];
    // Room for the TLV header, ascending types, and room for the value.
    if (p + 2 > len || type <= last || (p += 2 + block[p + 1]) > len) fail('truncated or out-of-order extension');
    if (type & 0x80) throw new ProtocolError(Reason.UNSUPPORTED_EXTENSION, 'critical extension ' + type);
    last = type;
  }
  return block;
}

export function writeExtensions(block: Uint8Array): void {
  int(1, block.length);
  bytes(block);
}
