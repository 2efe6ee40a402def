import type { Crc32 } from '../../protocol/link/crc32';
import { encodeFrame, MAX_PAYLOAD, MIN_PAYLOAD, type Frame } from '../../protocol/link/frame';
import { FrameDecoder } from '../../protocol/link/decoder';
import {
  HELLO, EXPORT, ACK, SETTINGS, ENROL, STATUS, ERROR, decodeHello, decodeExportRequest, encodeInfo, encodeRecordsFrame, encodeResult, encodeStatus, type Concat,
} from '../../protocol/link/messages';
import { RECORD_MAX_BYTES } from '../../protocol/messages/record';
import { ProtocolError } from '../../protocol/errors';
import { Reason } from '../../protocol/reasons';
import type { TerminalLinkApi } from './api';

// What answering a request gives: the reply payload (sent as type | 0x80), a reason
// code (sent as ERROR), or null when the answer was already written.
export type Answer = Uint8Array | number | null;

// The terminal side of the host link: bytes in from the serial port, frames decoded,
// the TerminalLinkApi called, replies framed and written out (LINK.md §4). Bad frames
// are dropped silently (the host retries on timeout); bad requests get an ERROR reply.
export class LinkDispatcher {
  api: TerminalLinkApi;
  crc: Crc32;
  write: (bytes: Uint8Array) => void;
  maxPayload: number; // what this terminal accepts
  peerMax: number; // what the host accepts, from its HELLO
  decoder: FrameDecoder;
  requests: number;
  concat: Concat | undefined;
  // `concat`: the board's native byte-array builder (E.toUint8Array on Espruino), which
  // makes RECORDS frames cheaper to build.
  constructor(api: TerminalLinkApi, crc: Crc32, write: (bytes: Uint8Array) => void, maxPayload?: number, concat?: Concat) {
    this.api = api;
    this.crc = crc;
    this.write = write;
    this.concat = concat;
    this.maxPayload = Math.min(maxPayload ?? MAX_PAYLOAD, MAX_PAYLOAD);
    this.peerMax = MIN_PAYLOAD;
    this.requests = 0;
    // A local, not `this`, in the arrow function (see firmware/terminal/terminal.ts attempt).
    const self = this;
    this.decoder = new FrameDecoder(crc, (f) => self.handle(f), this.maxPayload);
  }

  feed(chunk: Uint8Array): void {
    this.decoder.push(chunk);
  }

  handle(f: Frame): void {
    const ty = f.type;
    if (ty & 0x80) return;
    this.requests++;
    let a: Answer;
    try {
      a = this.answer(ty, f.payload, f.seq);
    } catch (e) {
      a = e instanceof ProtocolError ? e.reason : Reason.STORAGE_FAILURE;
    }
    if (typeof a === 'number') this.write(encodeFrame(this.crc, ERROR, f.seq, new Uint8Array([ty, a])));
    else if (a) this.write(encodeFrame(this.crc, ty | 0x80, f.seq, a));
  }

  answer(ty: number, b: Uint8Array, seq: number): Answer {
    const api = this.api;
    if (ty === HELLO) {
      this.peerMax = Math.max(MIN_PAYLOAD, Math.min(decodeHello(b).maxPayload, MAX_PAYLOAD));
      return encodeInfo(api.info(), this.maxPayload);
    }
    if (ty === EXPORT) {
      const q = decodeExportRequest(b);
      this.exportRecords(seq, q.fromSeq, q.maxRecords);
      return null;
    }
    if (ty === STATUS) return b.length ? Reason.MALFORMED : encodeStatus(api.status());
    // ACK, SETTINGS, ENROL: a RESULT with what the host needs to know next.
    const reason = ty === ACK ? api.acknowledge(b) : ty === SETTINGS ? api.pushSettings(b) : ty === ENROL ? api.enrol(b) : -1;
    if (reason < 0) return Reason.MALFORMED;
    const i = api.info();
    return ty === ACK ? encodeResult(reason, i.firstUnackedSeq, i.count) : encodeResult(reason, ty === SETTINGS ? i.settingsVersion : i.terminalId, 0);
  }

  // Answers one EXPORT with as many RECORDS frames as it takes, asking the journal for
  // one frame's worth at a time so the device never holds more than one frame.
  exportRecords(seq: number, cursor: number, maxRecords: number): void {
    // peerMax is 256..4096, so 1..25 records a frame.
    const perFrame = Math.floor((this.peerMax - 3) / (1 + RECORD_MAX_BYTES));
    for (let part = 0; ; part = (part + 1) & 0xff) {
      const want = Math.min(perFrame, maxRecords);
      const batch = want > 0 ? this.api.exportFrom(cursor, want) : [];
      maxRecords -= batch.length;
      const last = batch.length < want || maxRecords <= 0;
      this.write(encodeRecordsFrame(this.crc, seq, { part, last, records: batch }, this.concat));
      if (last) return;
      const r = batch[batch.length - 1];
      cursor = ((r[2] | (r[3] << 8) | (r[4] << 16) | (r[5] << 24)) >>> 0) + 1;
    }
  }
}
