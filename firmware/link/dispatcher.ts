import type { Crc32 } from '../../protocol/link/crc32';
import { Wire, type Frame } from '../../protocol/link/frame';
import { pushBytes, type FrameBuffer } from '../../protocol/link/decoder';
import { LinkType, Link } from '../../protocol/link/messages';
import { Size } from '../../protocol/messages/header';
import { ProtocolError } from '../../protocol/errors';
import { Reason } from '../../protocol/reasons';
import { u32, putU32 } from '../../protocol/bytes';
import type { TerminalLinkApi } from './api';

// What answering a request gives: the reply payload (sent as type | 0x80), a reason
// code (sent as ERROR), null when the answer was already written, or (from `extra`)
// undefined for a request type it does not handle.
export type Answer = ArrayLike<number> | number | null | undefined;

// The terminal side of the host link: bytes in from the serial port, frames decoded,
// the TerminalLinkApi called, replies framed and written out (LINK.md §4). Bad frames
// are dropped silently (the host retries on timeout); bad requests get an ERROR reply.
// Between frames only this object and the bytes of an incomplete frame exist:
// everything that answers a frame lives inside answerFrame.
export class LinkDispatcher implements FrameBuffer {
  api: TerminalLinkApi;
  crc: Crc32;
  write: (bytes: Uint8Array) => void;
  maxPayload: number; // what this terminal accepts, ≤ 4096
  peerMax: number; // what the host accepts, from its HELLO
  requests: number;
  buf: Uint8Array;
  corrupt: number;
  // Answers the request types LINK.md leaves to others (firmware/terminal/link-sale.ts).
  extra: ((ty: number, b: Uint8Array) => Answer) | undefined;

  constructor(api: TerminalLinkApi, crc: Crc32, write: (bytes: Uint8Array) => void, maxPayload?: number) {
    this.api = api;
    this.crc = crc;
    this.write = write;
    this.maxPayload = maxPayload || Wire.MAX_PAYLOAD;
    this.peerMax = Wire.MIN_PAYLOAD;
    this.buf = new Uint8Array(0);
    this.requests = this.corrupt = 0;
  }

  feed(chunk: Uint8Array): void {
    pushBytes(this, chunk, answerFrame);
  }
}

// Answers one request frame. Its helpers are nested: they exist only while a frame is
// being answered, not in the RAM of an idle terminal.
export function answerFrame(d: LinkDispatcher, f: Frame): void {
  const ty = f.type;
  if (ty & 0x80) return;
  const b = f.payload;
  const n = b.length;
  const api = d.api;

  // Writes header and CRC around the payload already at offset 8 of `out` and sends the
  // frame (LINK.md §2). Typed-array stores keep the low 8 bits, all the length and its
  // complement need.
  function seal(type: number, out: Uint8Array): void {
    const k = out.length - Wire.OVERHEAD;
    out.set([Wire.SYNC0, Wire.SYNC1, k, k >> 8, ~k, ~k >> 8, type, f.seq]);
    putU32(out, k + Wire.HEADER, d.crc(out.subarray(2, k + Wire.HEADER)));
    d.write(out);
  }

  function send(type: number, p: ArrayLike<number>): void {
    const out = new Uint8Array(p.length + Wire.OVERHEAD);
    out.set(p, Wire.HEADER);
    seal(type, out);
  }

  // The bytes of `values`, little-endian, value i `widths[i]` bytes wide.
  function le(widths: string, values: number[]): number[] {
    const out: number[] = [];
    for (let i = 0; i < values.length; i++) {
      for (let k = +widths[i], v = values[i]; k > 0; k--, v >>>= 8) out.push(v & 0xff);
    }
    return out;
  }

  function answer(): Answer {
    const x = d.extra && d.extra(ty, b);
    if (x !== undefined) return x;
    if (ty === LinkType.HELLO) {
      if (n !== 3) return Reason.MALFORMED;
      d.peerMax = Math.max(Wire.MIN_PAYLOAD, Math.min(b[1] | (b[2] << 8), Wire.MAX_PAYLOAD));
      const i = api.info();
      const out = le('11444444442', [
        Link.VERSION, i.flags, i.terminalId, i.merchantId, i.firstUnackedSeq, i.lastSeq, i.count, i.unsyncedAmount,
        i.settingsVersion, i.time, d.maxPayload,
      ]);
      // The firmware's own names, printable ASCII (LINK.md §4.1 allows up to 32 bytes).
      for (const s of [i.firmware, i.board]) {
        out.push(s.length);
        for (let k = 0; k < s.length; k++) out.push(s.charCodeAt(k));
      }
      return out;
    }
    if (ty === LinkType.EXPORT) {
      if (n !== 6) return Reason.MALFORMED;
      // As many RECORDS frames as it takes, the journal asked for one frame's worth at a
      // time so the device never holds more than one frame; peerMax is 256..4096, so 1..25
      // records a frame.
      const perFrame = ((d.peerMax - 3) / (1 + Size.RECORD_MAX)) | 0;
      let cursor = u32(b, 0);
      let max = b[4] | (b[5] << 8);
      // The part number is stored mod 256 by the Uint8Array.
      for (let part = 0; ; part++) {
        const want = Math.min(perFrame, max);
        const batch = want > 0 ? api.exportFrom(cursor, want) : [];
        const k = batch.length;
        max -= k;
        const last = k < want || max <= 0;
        // perFrame records fit in peerMax bytes; each is copied once, into the frame.
        const out = new Uint8Array(d.peerMax + Wire.OVERHEAD);
        out.set([part, last ? Link.RECORDS_LAST : 0, k], Wire.HEADER);
        let o = Wire.HEADER + 3;
        for (const r of batch) {
          out[o] = r.length;
          out.set(r, o + 1);
          o += 1 + r.length;
        }
        seal(LinkType.RECORDS, out.subarray(0, o + Wire.TRAILER));
        if (last) return null;
        cursor = u32(batch[k - 1], 2) + 1;
      }
    }
    if (ty === LinkType.STATUS) {
      if (n) return Reason.MALFORMED;
      const s = api.status();
      return le('1114444', [s.flags, s.battery, s.lastReason, s.uptime, s.time, s.count, s.unsyncedAmount]);
    }
    // ACK, SETTINGS, ENROL: a RESULT with what the host needs to know next.
    const ack = ty === LinkType.ACK;
    const reason = ack ? api.acknowledge(b) : ty === LinkType.SETTINGS ? api.pushSettings(b) : ty === LinkType.ENROL ? api.enrol(b) : -1;
    if (reason < 0) return Reason.MALFORMED;
    const i = api.info();
    return le('144', [reason, ack ? i.firstUnackedSeq : ty === LinkType.SETTINGS ? i.settingsVersion : i.terminalId, ack ? i.count : 0]);
  }

  d.requests++;
  let a: Answer;
  try {
    a = answer();
  } catch (e) {
    a = e instanceof ProtocolError ? e.reason : Reason.STORAGE_FAILURE;
  }
  if (typeof a === 'number') send(LinkType.ERROR, [ty, a]);
  else if (a) send(ty | 0x80, a);
}
