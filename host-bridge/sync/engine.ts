import { decodeRecord } from '../../protocol/messages/record';
import { crc32 } from '../../protocol/link/crc32';
import { LINK_VERSION, TerminalFlag, type TerminalInfo } from '../../protocol/link/messages';
import { Reason, reasonName } from '../../protocol/reasons';
import { ProtocolError } from '../../protocol/errors';
import type { LinkClient } from '../link/client';
import { LedgerProblem, LedgerUnavailable, unb64, type BatchResult, type LedgerClient } from './ledger-client';
import { Outbox } from './outbox';

// One sync of one terminal (README "Host bridge"):
//   handshake → upload what the outbox still holds → pull records from the terminal's
//   cursor in batches → check and append them to the durable outbox → upload with an
//   idempotency key → relay the ledger's MACed ack so the terminal frees exactly what the
//   ledger holds → push the ledger's settings.
// The terminal is never asked to free anything the ledger has not acknowledged, and
// nothing leaves the outbox before the ledger has acknowledged it, so a crash anywhere
// loses nothing; the next run resumes from the outbox.
export type SyncEvent =
  | { event: 'hello'; terminalId: number; merchantId: number; held: number; firstUnacked: number; lastSeq: number; outboxPending: number }
  | { event: 'exported'; count: number; lastSeq: number; total: number }
  | { event: 'uploaded'; count: number; ledgerThrough: number; rejected: number; total: number }
  | { event: 'acked'; firstUnacked: number; held: number }
  | { event: 'settings'; version: number; reason: string }
  | { event: 'warning'; message: string };

export interface SyncOptions {
  link: LinkClient;
  ledger: LedgerClient;
  stateDir: string;
  exportBatch?: number; // records per EXPORT request
  uploadBatch?: number; // records per ledger upload
  pushSettings?: boolean;
  onEvent?: (e: SyncEvent) => void;
  // Called after each step: an answer received but not yet logged (export-answered,
  // upload-answered, ack-answered) and each durable one (append, upload, ack, settings).
  // The crash campaign kills the bridge at every one of them.
  onStep?: (step: string) => void;
}

export type SyncOutcome = 'complete' | 'partial';

export interface SyncReport {
  terminalId: number;
  outcome: SyncOutcome;
  exported: number;
  uploaded: number;
  rejected: Array<{ seq: number; code: string }>;
  ledgerThrough: number;
  firstUnacked: number; // the terminal's, after the sync
  held: number; // records the terminal still holds
  outboxPending: number; // records in the outbox the ledger does not hold yet
  settingsVersion: number;
  problems: string[];
}

// The terminal refused something only the ledger or the operator can fix.
export class SyncRefused extends Error {
  override name = 'SyncRefused';
}

export function idempotencyKey(terminalId: number, records: Uint8Array[]): string {
  const first = decodeSeq(records[0]);
  const last = decodeSeq(records[records.length - 1]);
  let h = 0;
  for (const r of records) h = crc32(new Uint8Array([...u32le(h), ...r]));
  return `kerb-t${terminalId}-s${first}-${last}-${h.toString(16).padStart(8, '0')}`;
}

function u32le(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
}

function decodeSeq(r: Uint8Array): number {
  return new DataView(r.buffer, r.byteOffset, r.byteLength).getUint32(2, true);
}

export async function syncTerminal(o: SyncOptions): Promise<SyncReport> {
  const emit = o.onEvent ?? (() => {});
  const step = o.onStep ?? (() => {});
  const exportBatch = o.exportBatch ?? 250;
  const uploadBatch = o.uploadBatch ?? 500;

  const info: TerminalInfo = await o.link.hello();
  if (info.linkVersion !== LINK_VERSION) {
    throw new SyncRefused(`the terminal speaks host-link version ${info.linkVersion}; this bridge speaks ${LINK_VERSION}: update the bridge or the firmware`);
  }
  if (!(info.flags & TerminalFlag.PROVISIONED) || info.terminalId === 0) {
    throw new SyncRefused('the terminal is not provisioned: run `kerb provision` first');
  }
  const tid = info.terminalId;
  const outbox = Outbox.forTerminal(o.stateDir, tid);
  if (outbox.tornBytes) emit({ event: 'warning', message: `outbox: cut ${outbox.tornBytes} bytes of a torn last entry (a crash mid-write); nothing acknowledged is lost` });
  const report: SyncReport = {
    terminalId: tid, outcome: 'complete', exported: 0, uploaded: 0, rejected: [], ledgerThrough: outbox.state.ledgerThrough,
    firstUnacked: info.firstUnackedSeq, held: info.count, outboxPending: 0, settingsVersion: info.settingsVersion, problems: [],
  };
  emit({ event: 'hello', terminalId: tid, merchantId: info.merchantId, held: info.count, firstUnacked: info.firstUnackedSeq, lastSeq: info.lastSeq, outboxPending: outbox.pending().length });

  let ledgerUp = true;
  let uploading = true; // false once the ledger refused to take more this run
  let reexportFrom = 0; // set when the ledger says the outbox copy must be read again
  const reread = new Set<number>(); // seqs already read again once this run
  // Asks for records from `seq` to be read from the terminal again, once per seq. When the
  // terminal has already freed them, or its own copy is refused too, only the operator can
  // sort it out (a ledger restored from an old backup, a terminal enrolled elsewhere).
  const readAgain = (seq: number, why: string): true => {
    if (seq < report.firstUnacked) {
      throw new SyncRefused(`the ledger lacks records from seq ${seq} (${why}) that the terminal no longer holds (it holds from ${report.firstUnacked}): check the ledger's data`);
    }
    if (reread.has(seq)) {
      throw new SyncRefused(`the ledger refuses the terminal's own record ${seq} (${why}): is this the ledger the terminal was enrolled with?`);
    }
    reread.add(seq);
    outbox.drop(seq);
    reexportFrom = seq;
    emit({ event: 'warning', message: `ledger: ${why}; reading records from seq ${seq} from the terminal again` });
    return true;
  };

  const ledgerDown = (e: unknown): boolean => {
    if (e instanceof LedgerUnavailable) {
      ledgerUp = false;
      report.problems.push(e.message);
      return true;
    }
    return false;
  };

  // Relays the newest ack the outbox holds when it covers records the terminal still holds.
  const ackTerminal = async (): Promise<void> => {
    const s = outbox.state;
    if (!s.ack || s.ledgerThrough < report.firstUnacked || report.held === 0) return;
    const r = await o.link.acknowledge(s.ack);
    step('ack-answered');
    if (r.reason !== Reason.OK) {
      throw new SyncRefused(`the terminal refused the ledger's acknowledgement through seq ${s.ledgerThrough}: ${reasonName(r.reason)} (is this the ledger the terminal was enrolled with?)`);
    }
    outbox.noteFreed(r.value);
    report.firstUnacked = r.value;
    report.held = r.count;
    step('ack');
    emit({ event: 'acked', firstUnacked: r.value, held: r.count });
  };

  const noteResult = (res: { cursor: BatchResult['cursor']; ack: string | null }): void => {
    if (res.cursor.lastSeq < outbox.state.ledgerThrough) return;
    outbox.noteLedger(res.cursor.lastSeq, res.ack ? unb64(res.ack) : null);
    report.ledgerThrough = res.cursor.lastSeq;
  };

  // Uploads everything pending in the outbox; false when it had to stop.
  const uploadPending = async (): Promise<boolean> => {
    for (;;) {
      const pending = outbox.pending();
      if (!pending.length || !ledgerUp || !uploading) return ledgerUp && uploading;
      const batch = pending.slice(0, uploadBatch);
      let res: BatchResult;
      try {
        res = await o.ledger.upload(tid, batch, idempotencyKey(tid, batch));
      } catch (e) {
        if (ledgerDown(e)) return false;
        if (e instanceof LedgerProblem && (e.problem.code === 'chain_gap' || e.problem.code === 'not_authentic') && e.problem.cursor) {
          noteResult({ cursor: e.problem.cursor, ack: e.problem.cursor.ack });
          return readAgain(e.problem.cursor.lastSeq + 1, e.problem.code);
        }
        throw e;
      }
      step('upload-answered');
      const before = outbox.state.ledgerThrough;
      noteResult(res);
      const done = batch.filter((r) => decodeSeq(r) <= res.cursor.lastSeq).length;
      report.uploaded += done;
      for (const r of res.rejected) report.rejected.push({ seq: r.seq, code: r.code });
      step('upload');
      emit({ event: 'uploaded', count: done, ledgerThrough: res.cursor.lastSeq, rejected: res.rejected.length, total: report.uploaded });
      await ackTerminal();
      if (res.retry.length) {
        const first = res.retry[0];
        if (first.code === 'unknown_certificate') {
          report.problems.push(`the ledger does not know the wallet certificate of record ${first.seq}: register it (POST /v1/certificates) and sync again`);
          uploading = false;
          return false;
        }
        return readAgain(res.cursor.lastSeq + 1, `${first.code} at seq ${first.seq}`);
      }
      if (res.cursor.lastSeq <= before && done === 0) {
        report.problems.push(`the ledger did not advance past seq ${res.cursor.lastSeq}`);
        uploading = false;
        return false;
      }
    }
  };

  try {
    // What the ledger already holds (a crash between upload and ack, or another bridge).
    try {
      const c = await o.ledger.cursor(tid);
      noteResult({ cursor: c, ack: c.ack });
      await ackTerminal();
    } catch (e) {
      if (!ledgerDown(e)) throw e;
    }

    if (!(await uploadPending()) && !ledgerUp) emit({ event: 'warning', message: 'ledger unavailable: records stay in the outbox' });

    let from = Math.max(info.firstUnackedSeq, outbox.state.lastSeq + 1, report.ledgerThrough + 1);
    for (;;) {
      if (reexportFrom) {
        from = reexportFrom;
        reexportFrom = 0;
      }
      const ex = await o.link.exportRecords(from, exportBatch);
      step('export-answered');
      const fresh: Uint8Array[] = [];
      let last = from - 1;
      for (const r of ex.records) {
        let seq: number;
        try {
          seq = decodeRecord(r).seq;
        } catch (e) {
          if (e instanceof ProtocolError) throw new SyncRefused(`the terminal exported a malformed record after seq ${last}: ${e.message}`);
          throw e;
        }
        if (seq <= last || seq > info.lastSeq + 1_000_000) throw new SyncRefused(`the terminal exported seq ${seq} out of order (after ${last})`);
        last = seq;
        if (seq > outbox.state.lastSeq && seq > outbox.state.ledgerThrough) fresh.push(r);
      }
      if (fresh.length) {
        outbox.appendRecords(fresh);
        report.exported += fresh.length;
        step('append');
        emit({ event: 'exported', count: fresh.length, lastSeq: last, total: report.exported });
      }
      if (ex.records.length) from = last + 1;
      await uploadPending();
      if (reexportFrom) continue;
      if (ex.complete && ex.records.length < exportBatch) break;
    }

    if (ledgerUp && o.pushSettings !== false) {
      try {
        const s = await o.ledger.settings(tid);
        if (s.version > report.settingsVersion) {
          const r = await o.link.pushSettings(unb64(s.settings));
          if (r.reason === Reason.BAD_AUTHENTICATION || r.reason === Reason.WRONG_TERMINAL) {
            throw new SyncRefused(`the terminal refused the ledger's settings: ${reasonName(r.reason)}`);
          }
          if (r.reason === Reason.OK) report.settingsVersion = r.value;
          else report.problems.push(`settings v${s.version} not applied: ${reasonName(r.reason)}`);
          step('settings');
          emit({ event: 'settings', version: r.value, reason: reasonName(r.reason) });
        }
      } catch (e) {
        if (!ledgerDown(e)) throw e;
      }
    }
  } finally {
    report.outboxPending = outbox.pending().length;
    outbox.compact();
    outbox.close();
  }
  if (!ledgerUp || report.outboxPending > 0 || report.problems.length) report.outcome = 'partial';
  return report;
}
