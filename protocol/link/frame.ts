import type { Crc32 } from './crc32';
import { fail } from '../errors';

// Host-link framing (protocol/LINK.md §2):
//   0  'K' 0xB5        sync
//   2  u16 len         payload length, ≤ MAX_PAYLOAD
//   4  u16 len ^ 0xFFFF  so a corrupted length is caught before waiting for it
//   6  u8 type
//   7  u8 seq          chosen by the host, echoed by the terminal
//   8  payload
//   8+len u32 CRC-32 of bytes [2, 8+len)
// All integers little-endian.
export const SYNC0 = 0x4b;
export const SYNC1 = 0xb5;
export const HEADER_BYTES = 8;
export const TRAILER_BYTES = 4;
export const FRAME_OVERHEAD = HEADER_BYTES + TRAILER_BYTES;
// Largest payload any peer must accept; a peer may announce a smaller one in HELLO/INFO.
export const MAX_PAYLOAD = 4096;
// What every peer can receive before the handshake has told it more.
export const MIN_PAYLOAD = 256;

export interface Frame {
  type: number;
  seq: number;
  payload: Uint8Array;
}

export function encodeFrame(crc: Crc32, type: number, seq: number, payload: Uint8Array): Uint8Array {
  const len = payload.length;
  if (len > MAX_PAYLOAD) fail('link payload of ' + len + ' bytes exceeds ' + MAX_PAYLOAD);
  const out = new Uint8Array(FRAME_OVERHEAD + len);
  const v = new DataView(out.buffer);
  out[0] = SYNC0;
  out[1] = SYNC1;
  v.setUint16(2, len, true);
  v.setUint16(4, len ^ 0xffff, true);
  out[6] = type & 0xff;
  out[7] = seq & 0xff;
  out.set(payload, HEADER_BYTES);
  v.setUint32(HEADER_BYTES + len, crc(out.subarray(2, HEADER_BYTES + len)), true);
  return out;
}
