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

// The 8 header bytes; a frame is header, payload, then the CRC that sealFrame writes.
export function frameHeader(type: number, seq: number, len: number): number[] {
  if (len > MAX_PAYLOAD) fail('link payload of ' + len + ' bytes exceeds ' + MAX_PAYLOAD);
  return [SYNC0, SYNC1, len & 0xff, len >> 8, ~len & 0xff, (~len >> 8) & 0xff, type & 0xff, seq & 0xff];
}

export function sealFrame(crc: Crc32, frame: Uint8Array): Uint8Array {
  const end = frame.length - TRAILER_BYTES;
  new DataView(frame.buffer, frame.byteOffset).setUint32(end, crc(frame.subarray(2, end)), true);
  return frame;
}

export function encodeFrame(crc: Crc32, type: number, seq: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_OVERHEAD + payload.length);
  out.set(frameHeader(type, seq, payload.length));
  out.set(payload, HEADER_BYTES);
  return sealFrame(crc, out);
}
