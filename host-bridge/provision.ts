import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openTransport } from './transport/open';
import { LinkClient } from './link/client';
import { LedgerClient, unb64 } from './sync/ledger-client';
import { SyncRefused } from './sync/engine';
import { TerminalFlag } from '../protocol/link/messages';
import { decodeEnrolment } from '../protocol/messages/enrolment';
import { Reason, reasonName } from '../protocol/reasons';

// `kerb provision`: the ledger creates the terminal and its key K; the enrolment message
// (which carries K) goes to the terminal over the wired link, then the first settings.
// K is returned by the ledger only once, so until the terminal has confirmed it the
// enrolment is kept in <stateDir>/enrolment-<terminalId>.pending (mode 0600, never
// logged) and a re-run with the same --terminal-id delivers it instead of enrolling again.
export interface ProvisionOptions {
  port: string;
  ledger: string;
  merchantId: number;
  terminalId?: number;
  label?: string;
  currency: number;
  perPaymentLimit: number;
  offlineTotalLimit: number;
  maxOfflineAge: number;
  stateDir: string;
  baud: number;
}

export interface Provisioned {
  terminalId: number;
  merchantId: number;
  settingsVersion: number;
  resumed: boolean;
}

function pendingFile(stateDir: string, terminalId: number): string {
  return join(stateDir, `enrolment-${terminalId}.pending`);
}

function keep(file: string, bytes: Uint8Array): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export async function provisionTerminal(o: ProvisionOptions): Promise<Provisioned> {
  const ledger = new LedgerClient(o.ledger);
  const link = new LinkClient(await openTransport(o.port, o.baud));
  try {
    const info = await link.hello();
    if ((info.flags & TerminalFlag.PROVISIONED) && !(info.flags & TerminalFlag.MAINTENANCE)) {
      throw new SyncRefused(`the terminal is already provisioned as terminal ${info.terminalId}; to enrol it again, start it in maintenance mode (README "Host link")`);
    }
    mkdirSync(o.stateDir, { recursive: true });
    let enrolment: Uint8Array;
    let resumed = false;
    if (o.terminalId && existsSync(pendingFile(o.stateDir, o.terminalId))) {
      enrolment = new Uint8Array(readFileSync(pendingFile(o.stateDir, o.terminalId)));
      resumed = true;
    } else {
      const e = await ledger.enrol({
        terminalId: o.terminalId, merchantId: o.merchantId, label: o.label, currency: o.currency,
        perPaymentLimit: o.perPaymentLimit, offlineTotalLimit: o.offlineTotalLimit, maxOfflineAge: o.maxOfflineAge,
      });
      enrolment = unb64(e.enrolment);
      keep(pendingFile(o.stateDir, e.terminalId), enrolment);
    }
    const { terminalId, merchantId } = decodeEnrolment(enrolment);
    const r = await link.enrol(enrolment);
    if (r.reason !== Reason.OK) {
      const hint = r.reason === Reason.JOURNAL_FULL ? ' (it still holds unsynced sales: sync it first)' : '';
      throw new SyncRefused(`the terminal refused the enrolment: ${reasonName(r.reason)}${hint}; it is kept for a retry with --terminal-id ${terminalId}`);
    }
    unlinkSync(pendingFile(o.stateDir, terminalId));
    const s = await ledger.settings(terminalId);
    const sr = await link.pushSettings(unb64(s.settings));
    if (sr.reason !== Reason.OK) throw new SyncRefused(`the terminal refused its first settings: ${reasonName(sr.reason)}`);
    return { terminalId, merchantId, settingsVersion: sr.value, resumed };
  } finally {
    await link.close().catch(() => {});
  }
}
