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
// All integers little-endian. An enum, so the device build inlines every value.
export enum Wire {
  SYNC0 = 0x4b,
  SYNC1 = 0xb5,
  HEADER = 8,
  TRAILER = 4,
  OVERHEAD = 12,
  // Largest payload any peer must accept; a peer may announce a smaller one in HELLO/INFO.
  MAX_PAYLOAD = 4096,
  // What every peer can receive before the handshake has told it more.
  MIN_PAYLOAD = 256,
}

export const FRAME_OVERHEAD = Wire.OVERHEAD;
export const MAX_PAYLOAD = Wire.MAX_PAYLOAD;
export const MIN_PAYLOAD = Wire.MIN_PAYLOAD;

export interface Frame {
  type: number;
  seq: number;
  payload: Uint8Array;
}

// The terminal's replies are framed by firmware/link/dispatcher.ts in place (the same
// layout, so their payload is copied only once); this is the host's encoder.
export function encodeFrame(crc: Crc32, type: number, seq: number, payload: ArrayLike<number>): Uint8Array {
  const n = payload.length;
  if (n > Wire.MAX_PAYLOAD) fail('link payload of ' + n + ' bytes exceeds ' + Wire.MAX_PAYLOAD);
  const out = new Uint8Array(Wire.OVERHEAD + n);
  out.set([Wire.SYNC0, Wire.SYNC1, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff, type & 0xff, seq & 0xff]);
  out.set(payload, Wire.HEADER);
  new DataView(out.buffer).setUint32(n + Wire.HEADER, crc(out.subarray(2, n + Wire.HEADER)), true);
  return out;
}
