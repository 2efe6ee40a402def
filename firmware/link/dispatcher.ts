import type { Crc32 } from '../../protocol/link/crc32';
import { encodeFrame, MAX_PAYLOAD, MIN_PAYLOAD, type Frame } from '../../protocol/link/frame';
import { FrameDecoder } from '../../protocol/link/decoder';
import {
  LinkType, LINK_VERSION, RESPONSE_BIT, decodeHello, decodeExportRequest, encodeInfo, encodeRecordsFrame,
  encodeResult, encodeStatus, encodeLinkError, type Concat,
} from '../../protocol/link/messages';
import { RECORD_MAX_BYTES } from '../../protocol/messages/record';
import { ProtocolError } from '../../protocol/errors';
import { Reason } from '../../protocol/reasons';
import type { TerminalLinkApi } from './api';

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
  // makes RECORDS frames cheaper to build; without it they are built with Uint8Array.set.
  constructor(api: TerminalLinkApi, crc: Crc32, write: (bytes: Uint8Array) => void, maxPayload?: number, concat?: Concat) {
    this.api = api;
    this.crc = crc;
    this.write = write;
    this.concat = concat;
    this.maxPayload = Math.min(maxPayload ?? MAX_PAYLOAD, MAX_PAYLOAD);
    this.peerMax = MIN_PAYLOAD;
    this.requests = 0;
    this.decoder = new FrameDecoder(crc, (f) => this.handle(f), this.maxPayload);
  }

  feed(chunk: Uint8Array): void {
    this.decoder.push(chunk);
  }

  reply(type: number, seq: number, payload: Uint8Array): void {
    this.write(encodeFrame(this.crc, type, seq, payload));
  }

  handle(f: Frame): void {
    if (f.type & RESPONSE_BIT) return;
    this.requests++;
    try {
      this.answer(f);
    } catch (e) {
      const reason = e instanceof ProtocolError ? e.reason : Reason.STORAGE_FAILURE;
      this.reply(LinkType.ERROR, f.seq, encodeLinkError({ requestType: f.type, reason }));
    }
  }

  answer(f: Frame): void {
    const api = this.api;
    const t = f.type;
    if (t === LinkType.HELLO) {
      const h = decodeHello(f.payload);
      this.peerMax = Math.max(MIN_PAYLOAD, Math.min(h.maxPayload, MAX_PAYLOAD));
      this.reply(LinkType.INFO, f.seq, this.infoPayload());
    } else if (t === LinkType.EXPORT) {
      const q = decodeExportRequest(f.payload);
      this.exportRecords(f.seq, q.fromSeq, q.maxRecords);
    } else if (t === LinkType.ACK) {
      const reason = api.acknowledge(f.payload);
      const i = api.info();
      this.reply(LinkType.ACK_RESULT, f.seq, encodeResult({ reason, value: i.firstUnackedSeq, count: i.count }));
    } else if (t === LinkType.SETTINGS) {
      const reason = api.pushSettings(f.payload);
      this.reply(LinkType.SETTINGS_RESULT, f.seq, encodeResult({ reason, value: api.info().settingsVersion, count: 0 }));
    } else if (t === LinkType.ENROL) {
      const reason = api.enrol(f.payload);
      this.reply(LinkType.ENROL_RESULT, f.seq, encodeResult({ reason, value: api.info().terminalId, count: 0 }));
    } else if (t === LinkType.STATUS) {
      if (f.payload.length !== 0) throw new ProtocolError(Reason.MALFORMED, 'STATUS takes no payload');
      this.reply(LinkType.STATUS_RESULT, f.seq, encodeStatus(api.status()));
    } else {
      throw new ProtocolError(Reason.MALFORMED, 'unknown link request ' + t);
    }
  }

  infoPayload(): Uint8Array {
    const i = this.api.info();
    return encodeInfo({
      linkVersion: LINK_VERSION, flags: i.flags, terminalId: i.terminalId, merchantId: i.merchantId,
      firstUnackedSeq: i.firstUnackedSeq, lastSeq: i.lastSeq, count: i.count, unsyncedAmount: i.unsyncedAmount,
      settingsVersion: i.settingsVersion, time: i.time, maxPayload: this.maxPayload, firmware: i.firmware, board: i.board,
    });
  }

  // Answers one EXPORT with as many RECORDS frames as it takes, asking the journal for
  // one frame's worth at a time so the device never holds more than one frame.
  exportRecords(seq: number, fromSeq: number, maxRecords: number): void {
    const perFrame = Math.max(1, Math.min(255, Math.floor((this.peerMax - 3) / (1 + RECORD_MAX_BYTES))));
    let cursor = fromSeq;
    let sent = 0;
    let part = 0;
    for (;;) {
      const want = Math.min(perFrame, maxRecords - sent);
      const batch = want > 0 ? this.api.exportFrom(cursor, want) : [];
      sent += batch.length;
      const last = batch.length < want || sent >= maxRecords;
      this.write(encodeRecordsFrame(this.crc, seq, { part, last, records: batch }, this.concat));
      if (last) return;
      const r = batch[batch.length - 1];
      cursor = ((r[2] | (r[3] << 8) | (r[4] << 16) | (r[5] << 24)) >>> 0) + 1;
      part = (part + 1) & 0xff;
    }
  }
}
