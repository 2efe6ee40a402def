import type { TerminalIdentity, TerminalLinkApi } from '../link/api';
import { TerminalFlag, type TerminalStatus } from '../../protocol/link/messages';
import { equalBytes } from '../../protocol/bytes';
import { Reason } from '../../protocol/reasons';
import type { Terminal } from './terminal';

// The terminal as the host-link dispatcher sees it (firmware/link/api.ts).
export class TerminalLink implements TerminalLinkApi {
  t: Terminal;
  lastReason: number;

  constructor(t: Terminal) {
    this.t = t;
    this.lastReason = Reason.OK;
  }

  flags(): number {
    const t = this.t;
    let f = 0;
    if (t.enrolment) f |= TerminalFlag.PROVISIONED;
    if (t.deps.maintenance) f |= TerminalFlag.MAINTENANCE;
    if (t.time.now() >= 0) f |= TerminalFlag.CLOCK_SET;
    return f;
  }

  info(): TerminalIdentity {
    const t = this.t;
    const st = t.store;
    const e = t.enrolment;
    return {
      flags: this.flags(), terminalId: e ? e.terminalId : 0, merchantId: e ? e.merchantId : 0,
      firstUnackedSeq: st.firstUnackedSeq(), lastSeq: st.lastSeq(), count: t.risk.unsyncedCount,
      unsyncedAmount: t.risk.unsyncedTotal, settingsVersion: t.settings ? t.settings.version : 0,
      time: Math.max(0, t.time.now()), firmware: t.deps.firmware, board: t.deps.board,
    };
  }

  exportFrom(fromSeq: number, max: number): Uint8Array[] {
    const st = this.t.store;
    const out: Uint8Array[] = [];
    let seq = Math.max(fromSeq, st.firstUnackedSeq());
    const last = st.lastSeq();
    for (; seq <= last && out.length < max; seq++) {
      const r = st.read(seq);
      if (r) out.push(r);
    }
    return out;
  }

  acknowledge(ack: Uint8Array): number {
    return this.note(this.t.acknowledge(ack));
  }

  pushSettings(settings: Uint8Array): number {
    const cur = this.t.store.loadConfig('settings');
    if (cur && equalBytes(cur, settings)) return Reason.OK;
    return this.note(this.t.applySettings(settings));
  }

  enrol(enrolment: Uint8Array): number {
    const cur = this.t.store.loadConfig('enrol');
    if (cur && equalBytes(cur, enrolment)) return Reason.OK;
    return this.note(this.t.enrol(enrolment));
  }

  status(): TerminalStatus {
    const t = this.t;
    const b = t.battery();
    return {
      flags: this.flags(), battery: b < 0 ? 255 : b, lastReason: this.lastReason,
      uptime: Math.floor(t.deps.clock.monotonic() / 1000), time: Math.max(0, t.time.now()),
      count: t.risk.unsyncedCount, unsyncedAmount: t.risk.unsyncedTotal,
    };
  }

  note(reason: number): number {
    this.lastReason = reason;
    return reason;
  }
}
