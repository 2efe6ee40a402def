import { crc32, type Crc32 } from '../../protocol/link/crc32';
import { FrameDecoder } from '../../protocol/link/decoder';
import { encodeFrame, MAX_PAYLOAD, MIN_PAYLOAD, type Frame } from '../../protocol/link/frame';
import {
  LinkType, LINK_VERSION, encodeHello, decodeInfo, encodeExportRequest, decodeRecords, decodeResult,
  decodeStatus, decodeLinkError, type TerminalInfo, type Result, type TerminalStatus,
} from '../../protocol/link/messages';
import { ProtocolError } from '../../protocol/errors';
import { reasonName } from '../../protocol/reasons';
import type { ByteTransport } from '../transport/transport';

// The host side of the host link (protocol/LINK.md): one request at a time, a fresh
// sequence number per attempt so a late reply to an earlier attempt is recognised and
// dropped, retry on timeout or on a reply that failed its CRC. Every request is
// idempotent at the terminal, so retrying is always safe.
export class LinkTimeout extends Error {
  override name = 'LinkTimeout';
}

// The terminal answered with ERROR, or with a result whose reason is not OK.
export class LinkRefused extends Error {
  override name = 'LinkRefused';
  reason: number;
  constructor(what: string, reason: number) {
    super(`${what}: terminal refused with ${reasonName(reason)} (${reason})`);
    this.reason = reason;
  }
}

export interface LinkClientOptions {
  timeoutMs?: number; // silence after which an attempt is given up
  corruptGraceMs?: number; // shorter wait once a corrupt frame arrived
  attempts?: number;
  maxPayload?: number; // largest payload this host accepts (announced in HELLO)
  crc?: Crc32;
}

export interface LinkStats {
  requests: number;
  retries: number;
  timeouts: number;
  corruptFrames: number; // frames whose CRC failed (the decoder's count)
  staleFrames: number; // valid frames answering an earlier attempt
  shrinks: number; // times the frame size was halved on a noisy line
  bytesIn: number;
  bytesOut: number;
}

type Event = { frame: Frame } | { corrupt: true } | { closed: true };


export interface ExportResult {
  records: Uint8Array[];
  complete: boolean; // the terminal said this was all (up to max); false after a lost part
}

export class LinkClient {
  transport: ByteTransport;
  timeoutMs: number;
  corruptGraceMs: number;
  attempts: number;
  maxPayload: number;
  crc: Crc32;
  decoder: FrameDecoder;
  seq = 0;
  queue: Event[] = [];
  wake: (() => void) | null = null;
  closed = false;
  stats: LinkStats = { requests: 0, retries: 0, timeouts: 0, corruptFrames: 0, staleFrames: 0, shrinks: 0, bytesIn: 0, bytesOut: 0 };

  constructor(transport: ByteTransport, options: LinkClientOptions = {}) {
    this.transport = transport;
    this.timeoutMs = options.timeoutMs ?? 1500;
    this.corruptGraceMs = options.corruptGraceMs ?? Math.min(this.timeoutMs, 400);
    this.attempts = options.attempts ?? 8;
    this.maxPayload = Math.min(options.maxPayload ?? MAX_PAYLOAD, MAX_PAYLOAD);
    this.crc = options.crc ?? crc32;
    this.decoder = new FrameDecoder(this.crc, (frame) => this.push({ frame }), this.maxPayload);
    transport.onData((chunk) => {
      this.stats.bytesIn += chunk.length;
      const before = this.decoder.corrupt;
      this.decoder.push(chunk);
      if (this.decoder.corrupt > before) {
        this.stats.corruptFrames += this.decoder.corrupt - before;
        this.push({ corrupt: true });
      }
    });
    transport.onClose(() => {
      this.closed = true;
      this.push({ closed: true });
    });
  }

  push(e: Event): void {
    this.queue.push(e);
    const w = this.wake;
    this.wake = null;
    if (w) w();
  }

  // The next event, or null after `ms` of silence.
  async next(ms: number): Promise<Event | null> {
    if (this.queue.length) return this.queue.shift()!;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    return this.queue.length ? this.queue.shift()! : null;
  }

  async send(type: number, payload: Uint8Array): Promise<number> {
    if (this.closed) throw new LinkTimeout(`${this.transport.description}: link closed`);
    this.seq = (this.seq + 1) & 0xff;
    this.queue = [];
    const frame = encodeFrame(this.crc, type, this.seq, payload);
    this.stats.bytesOut += frame.length;
    await this.transport.write(frame);
    return this.seq;
  }

  // The next frame answering `seq`, or null when the attempt should be given up: after
  // timeoutMs of silence, or a shorter grace once a corrupt frame was seen (it was most
  // likely the answer, and a retry is cheaper than waiting out the full timeout).
  async reply(what: string, seq: number): Promise<Frame | null> {
    let wait = this.timeoutMs;
    for (;;) {
      const e = await this.next(wait);
      if (e === null) {
        this.stats.timeouts++;
        return null;
      }
      if ('closed' in e) throw new LinkTimeout(`${what}: ${this.transport.description} closed`);
      if ('corrupt' in e) {
        wait = Math.min(wait, this.corruptGraceMs);
        continue;
      }
      const f = e.frame;
      if (f.seq !== seq) {
        this.stats.staleFrames++;
        continue;
      }
      if (f.type === LinkType.ERROR) throw new LinkRefused(what, decodeLinkError(f.payload).reason);
      return f;
    }
  }

  // Sends `type` and waits for its single-frame answer of type `expect`.
  async request(what: string, type: number, payload: Uint8Array, expect: number): Promise<Uint8Array> {
    this.stats.requests++;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (attempt > 0) this.stats.retries++;
      const f = await this.reply(what, await this.send(type, payload));
      if (f === null) continue;
      if (f.type !== expect) throw new ProtocolError(1, `${what}: unexpected reply type ${f.type}`);
      return f.payload;
    }
    throw new LinkTimeout(`${what}: no valid reply from ${this.transport.description} after ${this.attempts} attempts`);
  }

  async hello(): Promise<TerminalInfo> {
    return decodeInfo(await this.request('HELLO', LinkType.HELLO, encodeHello({ linkVersion: LINK_VERSION, maxPayload: this.maxPayload }), LinkType.INFO));
  }

  async status(): Promise<TerminalStatus> {
    return decodeStatus(await this.request('STATUS', LinkType.STATUS, new Uint8Array(0), LinkType.STATUS_RESULT));
  }

  async acknowledge(ack: Uint8Array): Promise<Result> {
    return decodeResult(await this.request('ACK', LinkType.ACK, ack, LinkType.ACK_RESULT));
  }

  async pushSettings(settings: Uint8Array): Promise<Result> {
    return decodeResult(await this.request('SETTINGS', LinkType.SETTINGS, settings, LinkType.SETTINGS_RESULT));
  }

  async enrol(enrolment: Uint8Array): Promise<Result> {
    return decodeResult(await this.request('ENROL', LinkType.ENROL, enrolment, LinkType.ENROL_RESULT));
  }

  // Records with seq ≥ fromSeq, at most `max`, streamed by the terminal in RECORDS parts.
  // A lost or corrupt part ends the answer early: the caller asks again from the seq
  // after the last record it got, so nothing after a gap is ever taken on trust.
  //
  // On a line too noisy for large frames (two attempts in a row without a single intact
  // part), the client halves the payload size it announces with a new HELLO, down to
  // 256 bytes, and starts counting attempts again: shorter frames get through where long
  // ones almost never do.
  async exportRecords(fromSeq: number, max: number): Promise<ExportResult> {
    this.stats.requests++;
    const payload = encodeExportRequest({ fromSeq, maxRecords: Math.min(max, 0xffff) });
    let failed = 0;
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (attempt > 0) this.stats.retries++;
      if (failed >= 2 && this.maxPayload > MIN_PAYLOAD) {
        this.maxPayload = Math.max(MIN_PAYLOAD, this.maxPayload >> 1);
        this.stats.shrinks++;
        await this.hello();
        failed = 0;
        attempt = 0;
      }
      const seq = await this.send(LinkType.EXPORT, payload);
      const records: Uint8Array[] = [];
      let part = 0;
      for (;;) {
        const f = await this.reply('EXPORT', seq);
        if (f === null || f.type !== LinkType.RECORDS) {
          if (f !== null) throw new ProtocolError(1, `EXPORT: unexpected reply type ${f.type}`);
          if (records.length) return { records, complete: false };
          break;
        }
        const p = decodeRecords(f.payload);
        if (p.part !== (part & 0xff)) {
          if (records.length) return { records, complete: false };
          break;
        }
        part++;
        for (const r of p.records) records.push(r);
        if (p.last) return { records, complete: true };
      }
      failed++;
    }
    throw new LinkTimeout(`EXPORT: no valid reply from ${this.transport.description} after ${this.attempts} attempts`);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
