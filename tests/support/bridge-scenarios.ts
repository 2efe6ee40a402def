// The bridge fault scenarios, shared by the CI tests (tests/bridge, small sizes) and the
// larger sweeps (tools/campaign/bridge.ts). Each returns its figures and the list of
// invariant violations it found (empty when the bridge behaved).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeRunOptions } from '../../host-bridge/cli/bridge-run';
import { runSync } from '../../host-bridge/cli/bridge-run';
import type { Progress } from '../../host-bridge/cli/progress';
import { LinkClient } from '../../host-bridge/link/client';
import { openTcp } from '../../host-bridge/transport/tcp';
import { openSerial } from '../../host-bridge/transport/serial';
import { openPtyRelay } from '../../host-bridge/transport/pty';
import { LedgerClient } from '../../host-bridge/sync/ledger-client';
import { syncTerminal, type SyncReport } from '../../host-bridge/sync/engine';
import type { FakeTerminal } from './fake-terminal';
import { serveTerminal, mulberry32 } from './terminal-line';
import { enrolledTerminal, ledgerRecords, api } from './bridge-rig';
import { runBridgeChild, freePort, startLedgerChild } from './children';
import { startFaultyProxy } from './faulty-proxy';

const quiet: Progress = { event: () => {}, done: () => {} };
const tmp = (p: string): string => mkdtempSync(join(tmpdir(), p));

// Invariants after any sequence of crashes: each record at most once at the ledger, the
// terminal freed only what the ledger holds, every sale at the ledger or on the terminal.
// With `complete`, also: everything at the ledger, accepted, freed, no conflicts.
export async function violations(ledgerUrl: string, t: FakeTerminal, complete: boolean): Promise<string[]> {
  const out: string[] = [];
  const tid = t.enrolment!.terminalId;
  const stored = await ledgerRecords(ledgerUrl, tid);
  const seqs = stored.map((s) => s.seq);
  if (new Set(seqs).size !== seqs.length) out.push('a record is stored twice');
  const atLedger = new Set(seqs);
  const freedEarly = t.freed.filter((s) => !atLedger.has(s));
  if (freedEarly.length) out.push(`terminal freed records the ledger does not hold: ${freedEarly.slice(0, 5)}`);
  const onTerminal = new Set(t.held.map((h) => h.seq));
  const lost = t.approved.filter((s) => !atLedger.has(s) && !onTerminal.has(s));
  if (lost.length) out.push(`records lost: ${lost.slice(0, 5)}`);
  const altered = stored.filter((s) => s.record !== Buffer.from(t.journal.get(s.seq) ?? []).toString('base64'));
  if (altered.length) out.push(`records at the ledger differ from the terminal's: ${altered.slice(0, 5).map((s) => s.seq)}`);
  if (complete) {
    if (seqs.join() !== t.approved.join()) out.push(`ledger holds ${seqs.length} of ${t.approved.length} records`);
    if (t.freed.join() !== t.approved.join()) out.push(`terminal freed ${t.freed.length} of ${t.approved.length}`);
    const notAccepted = stored.filter((s) => s.status !== 'accepted');
    if (notAccepted.length) out.push(`${notAccepted.length} records quarantined`);
    const c = await api<{ conflicts: unknown[] }>(ledgerUrl, 'GET', `/v1/conflicts?terminalId=${tid}`);
    if (c.conflicts.length) out.push(`${c.conflicts.length} conflicts`);
  }
  return out;
}

export interface CrashResult {
  steps: number; // durable and answer steps of an undisturbed sync
  killed: number;
  byStep: Record<string, number>;
  violations: string[];
}

// SIGKILL the bridge (a child process) at step k of a sync, for every k, each in a fresh
// terminal; a restarted bridge must then finish with every invariant intact.
export async function crashAtEveryStep(ledgerUrl: string, sales: number, batch: number): Promise<CrashResult> {
  const world = async () => {
    const t = await enrolledTerminal(ledgerUrl, { sales });
    const served = await serveTerminal(t);
    const options: BridgeRunOptions = {
      port: served.url, ledger: ledgerUrl, stateDir: tmp('kerb-crash-'), baud: 115200, linkTimeoutMs: 1000, budgetMs: 30_000,
      ledgerTimeoutMs: 10_000, exportBatch: batch, uploadBatch: batch, settings: true,
    };
    return { t, served, options };
  };
  const result: CrashResult = { steps: 0, killed: 0, byStep: {}, violations: [] };
  for (let k = 1; ; k++) {
    const w = await world();
    const crashed = await runBridgeChild(w.options, { KERB_BRIDGE_CRASH_AFTER: String(k) });
    const note = (v: string[]) => result.violations.push(...v.map((x) => `kill at step ${k}: ${x}`));
    note(await violations(ledgerUrl, w.t, false));
    if (crashed.signal !== 'SIGKILL') {
      if (crashed.code !== 0) note([`undisturbed run exited ${crashed.code}: ${crashed.stderr.slice(-300)}`]);
      note(await violations(ledgerUrl, w.t, true));
      result.steps = k - 1;
      await w.served.close();
      return result;
    }
    result.killed++;
    const step = String(crashed.lines.find((l) => l.event === 'crash')?.step);
    result.byStep[step] = (result.byStep[step] ?? 0) + 1;
    const resumed = await runSync(w.options, quiet); // the restarted bridge
    if (resumed.code !== 0) note([`restarted bridge exited ${resumed.code}`]);
    note(await violations(ledgerUrl, w.t, true));
    await w.served.close();
  }
}

export interface FlakyResult {
  requests: number;
  failed503: number;
  swallowed: number;
  retries: number;
  report: SyncReport;
  violations: string[];
}

// A ledger behind a proxy that answers 503 (not forwarded) or commits and never answers
// on `failRate` of requests.
export async function flakyLedger(ledgerUrl: string, sales: number, failRate: number, seed: number): Promise<FlakyResult> {
  const t = await enrolledTerminal(ledgerUrl, { sales });
  const served = await serveTerminal(t);
  const proxy = await startFaultyProxy(ledgerUrl, failRate, seed);
  const link = new LinkClient(await openTcp('127.0.0.1', served.port));
  const client = new LedgerClient(proxy.url, { timeoutMs: 400, backoff: { baseMs: 20, capMs: 200, maxAttempts: 1000, budgetMs: 120_000 } });
  try {
    const report = await syncTerminal({ link, ledger: client, stateDir: tmp('kerb-503-'), exportBatch: 100, uploadBatch: 20 });
    const v = await violations(ledgerUrl, t, true);
    if (report.outcome !== 'complete') v.push(`sync ended ${report.outcome}: ${report.problems.join('; ')}`);
    return { ...proxy.stats, retries: client.retries, report, violations: v };
  } finally {
    await link.close();
    await proxy.close();
    await served.close();
  }
}

export interface LedgerKillResult {
  kills: number;
  runs: number;
  violations: string[];
}

// The ledger as a process, SIGKILLed at a random moment of each round's sync and started
// again on the same data directory and port.
export async function ledgerKilled(rounds: number[], seed: number): Promise<LedgerKillResult> {
  const dataDir = tmp('kerb-ledger-');
  const port = await freePort();
  let child = await startLedgerChild(dataDir, port);
  const t = await enrolledTerminal(child.url, { sales: 0 });
  const served = await serveTerminal(t);
  const stateDir = tmp('kerb-lkill-');
  const rnd = mulberry32(seed);
  const result: LedgerKillResult = { kills: 0, runs: 0, violations: [] };
  const sync = async () => {
    result.runs++;
    const link = new LinkClient(await openTcp('127.0.0.1', served.port));
    const client = new LedgerClient(child.url, { timeoutMs: 3000, backoff: { baseMs: 50, capMs: 400, maxAttempts: 1000, budgetMs: 15_000 } });
    try {
      return await syncTerminal({ link, ledger: client, stateDir, exportBatch: 40, uploadBatch: 40 });
    } finally {
      await link.close();
    }
  };
  try {
    for (const sales of rounds) {
      t.addSales(sales);
      const restart = (async () => {
        await new Promise((r) => setTimeout(r, 20 + rnd() * 400));
        await child.kill();
        result.kills++;
        await new Promise((r) => setTimeout(r, 100 + rnd() * 400));
        child = await startLedgerChild(dataDir, port);
      })();
      let report = await sync();
      await restart;
      result.violations.push(...await violations(child.url, t, false));
      for (let i = 0; i < 10 && (report.outcome !== 'complete' || report.held !== 0); i++) report = await sync();
    }
    result.violations.push(...await violations(child.url, t, true));
    return result;
  } finally {
    await child.kill();
    await served.close();
  }
}

export interface NoisyResult {
  flipped: number;
  dropped: number;
  corruptReplies: number;
  corruptRequests: number;
  timeouts: number;
  retries: number;
  shrinks: number;
  report: SyncReport;
  violations: string[];
}

// A serial line that flips bits and drops bytes in both directions, through a real pty.
export async function noisyLine(ledgerUrl: string, sales: number, flipRate: number, dropRate: number, seed: number): Promise<NoisyResult> {
  const t = await enrolledTerminal(ledgerUrl, { sales });
  const served = await serveTerminal(t, { faults: { flipRate, dropRate, seed } });
  const relay = await openPtyRelay('127.0.0.1', served.port);
  const link = new LinkClient(await openSerial(relay.path), { timeoutMs: 300, attempts: 60 });
  try {
    const report = await syncTerminal({ link, ledger: new LedgerClient(ledgerUrl), stateDir: tmp('kerb-pty-'), exportBatch: 60, uploadBatch: 60 });
    const v = await violations(ledgerUrl, t, true);
    if (report.outcome !== 'complete') v.push(`sync ended ${report.outcome}`);
    return {
      flipped: served.stats.flipped, dropped: served.stats.dropped, corruptReplies: link.stats.corruptFrames,
      corruptRequests: served.stats.corruptRequests, timeouts: link.stats.timeouts, retries: link.stats.retries, shrinks: link.stats.shrinks, report, violations: v,
    };
  } finally {
    await link.close();
    await relay.close();
    await served.close();
  }
}
