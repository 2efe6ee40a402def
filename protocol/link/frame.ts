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

function putHeader(out: Uint8Array, type: number, seq: number, len: number): void {
  if (len > MAX_PAYLOAD) fail('link payload of ' + len + ' bytes exceeds ' + MAX_PAYLOAD);
  out[0] = SYNC0;
  out[1] = SYNC1;
  out[2] = len & 0xff;
  out[3] = len >> 8;
  out[4] = ~len & 0xff;
  out[5] = (~len >> 8) & 0xff;
  out[6] = type & 0xff;
  out[7] = seq & 0xff;
}

// A frame with its header written and room for `len` payload bytes at HEADER_BYTES;
// fill the payload in place, then seal it. Building in place saves a copy of every
// payload byte, which on Espruino costs ~290 instructions a byte.
export function frameShell(type: number, seq: number, len: number): Uint8Array {
  const out = new Uint8Array(FRAME_OVERHEAD + len);
  putHeader(out, type, seq, len);
  return out;
}

// Just the 8 header bytes, for a frame assembled from parts (then sealed).
export function frameHeader(type: number, seq: number, len: number): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES);
  putHeader(out, type, seq, len);
  return out;
}

export function sealFrame(crc: Crc32, frame: Uint8Array): Uint8Array {
  const end = frame.length - TRAILER_BYTES;
  const c = crc(frame.subarray(2, end));
  frame[end] = c & 0xff;
  frame[end + 1] = (c >>> 8) & 0xff;
  frame[end + 2] = (c >>> 16) & 0xff;
  frame[end + 3] = c >>> 24;
  return frame;
}

export function encodeFrame(crc: Crc32, type: number, seq: number, payload: Uint8Array): Uint8Array {
  const out = frameShell(type, seq, payload.length);
  out.set(payload, HEADER_BYTES);
  return sealFrame(crc, out);
}
