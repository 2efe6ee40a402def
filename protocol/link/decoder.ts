import type { Crc32 } from './crc32';
import { Wire, MAX_PAYLOAD, type Frame } from './frame';
import { u32 } from '../bytes';

// A receiver's state (LINK.md §3). `buf` holds only the bytes not yet consumed: at most
// the start of one frame, so an idle receiver holds nothing and a long frame takes RAM
// only while it arrives.
export interface FrameBuffer {
  crc: Crc32;
  maxPayload: number; // the longest payload accepted
  buf: Uint8Array;
  corrupt: number; // candidates with a valid header whose CRC failed
}

// Streaming frame decoding: bytes arrive in arbitrary chunks; garbage, bit flips and
// dropped bytes are survived by scanning for the next sync pair and re-examining the
// bytes after a bad candidate, so a good frame behind a bad one is never lost. Never
// throws. (Espruino's TypedArray.slice returns a plain Array, hence the new Uint8Array
// copy of what is left over.)
export function pushBytes<T extends FrameBuffer>(d: T, chunk: Uint8Array, onFrame: (d: T, f: Frame) => void): void {
  const p = d.buf;
  const b = new Uint8Array(p.length + chunk.length);
  b.set(p);
  b.set(chunk, p.length);
  const end = b.length;
  let s = 0;
  for (;;) {
    s = b.indexOf(Wire.SYNC0, s);
    if (s < 0) s = end;
    const avail = end - s;
    if (avail > 1 && b[s + 1] !== Wire.SYNC1) {
      s++;
      continue;
    }
    if (avail < Wire.HEADER) break;
    const len = b[s + 2] | (b[s + 3] << 8);
    const at = s + Wire.HEADER + len;
    if ((len ^ (b[s + 4] | (b[s + 5] << 8))) !== 0xffff || len > d.maxPayload) {
      s++;
      continue;
    }
    if (end < at + Wire.TRAILER) break;
    if (d.crc(b.subarray(s + 2, at)) !== u32(b, at)) {
      d.corrupt++;
      s++;
      continue;
    }
    // `b` is never written again, so the payload can be a view of it.
    onFrame(d, { type: b[s + 6], seq: b[s + 7], payload: b.subarray(s + Wire.HEADER, at) });
    s = at + Wire.TRAILER;
  }
  d.buf = new Uint8Array(b.subarray(s));
}

function deliver(d: FrameDecoder, f: Frame): void {
  d.onFrame(f);
}

// The host's decoder object over pushBytes.
export class FrameDecoder implements FrameBuffer {
  crc: Crc32;
  onFrame: (frame: Frame) => void;
  maxPayload: number;
  buf: Uint8Array;
  corrupt: number;

  constructor(crc: Crc32, onFrame: (frame: Frame) => void, maxPayload?: number) {
    this.crc = crc;
    this.onFrame = onFrame;
    this.maxPayload = Math.min(maxPayload ?? MAX_PAYLOAD, MAX_PAYLOAD);
    this.buf = new Uint8Array(0);
    this.corrupt = 0;
  }

  push(chunk: Uint8Array): void {
    pushBytes(this, chunk, deliver);
  }
}
