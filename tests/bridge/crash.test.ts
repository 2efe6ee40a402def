import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLedger, type RunningLedger } from '../../ledger/index';
import type { BridgeRunOptions } from '../../host-bridge/cli/bridge-run';
import { runBridgeChild } from '../support/children';
import { runSync } from '../../host-bridge/cli/bridge-run';
import type { Progress } from '../../host-bridge/cli/progress';
import { serveTerminal } from '../support/terminal-line';
import { enrolledTerminal, ledgerRecords, api } from '../support/bridge-rig';

// Campaign (CI size): SIGKILL the bridge at every step of a 500-record sync — each step
// in a fresh world — then let a restarted bridge finish. The ledger must hold each record
// once, the terminal must have freed only what the ledger holds, and nothing is lost.
const SALES = 500;
const BATCH = 125;

let ledger: RunningLedger;
beforeAll(async () => {
  ledger = await startLedger({ memory: true, workers: 1, log: () => {} });
});
afterAll(async () => {
  await ledger?.close();
});

const quiet: Progress = { event: () => {}, done: () => {} };

async function world() {
  const t = await enrolledTerminal(ledger.url, { sales: SALES });
  const served = await serveTerminal(t);
  const options: BridgeRunOptions = {
    port: served.url, ledger: ledger.url, stateDir: mkdtempSync(join(tmpdir(), 'kerb-crash-')), baud: 115200,
    linkTimeoutMs: 1000, budgetMs: 20_000, ledgerTimeoutMs: 10_000, exportBatch: BATCH, uploadBatch: BATCH, settings: true,
  };
  return { t, served, options };
}

async function checkInvariants(t: Awaited<ReturnType<typeof world>>['t'], complete: boolean): Promise<void> {
  const tid = t.enrolment!.terminalId;
  const stored = await ledgerRecords(ledger.url, tid);
  const seqs = stored.map((s) => s.seq);
  expect(new Set(seqs).size).toBe(seqs.length); // each record once
  const held = new Set(seqs);
  expect(t.freed.filter((s) => !held.has(s))).toEqual([]); // freed only what the ledger holds
  // nothing lost: every approved sale is at the ledger or still on the terminal
  const onTerminal = new Set(t.held.map((h) => h.seq));
  expect(t.approved.filter((s) => !held.has(s) && !onTerminal.has(s))).toEqual([]);
  if (complete) {
    expect(seqs).toEqual(t.approved);
    expect(t.freed).toEqual(t.approved);
    expect(stored.every((s) => s.status === 'accepted')).toBe(true);
    const c = await api<{ conflicts: unknown[] }>(ledger.url, 'GET', `/v1/conflicts?terminalId=${tid}`);
    expect(c.conflicts).toEqual([]);
  }
}

describe('campaign: bridge killed with SIGKILL at every step', () => {
  it(`${SALES} records, export/upload batches of ${BATCH}: every kill point recovers exactly once`, async () => {
    // Count the steps of an undisturbed sync (the first kill point past the last step
    // is the run that completes).
    const clean = await world();
    const steps: string[] = [];
    const full = await runBridgeChild(clean.options);
    expect(full.code).toBe(0);
    await checkInvariants(clean.t, true);
    await clean.served.close();
    const total = full.lines.filter((l) => ['exported', 'uploaded', 'acked', 'settings'].includes(String(l.event))).length;
    expect(total).toBeGreaterThan(10);

    let killed = 0;
    for (let k = 1; ; k++) {
      const w = await world();
      const crashed = await runBridgeChild(w.options, { KERB_BRIDGE_CRASH_AFTER: String(k) });
      await checkInvariants(w.t, false);
      if (crashed.signal !== 'SIGKILL') {
        expect(crashed.code).toBe(0);
        await checkInvariants(w.t, true);
        await w.served.close();
        break;
      }
      killed++;
      steps.push(String(crashed.lines.find((l) => l.event === 'crash')?.step));
      // The restarted bridge runs in-process: the same code, one process spawn less.
      const resumed = await runSync(w.options, quiet);
      expect(resumed.code).toBe(0);
      await checkInvariants(w.t, true);
      await w.served.close();
    }
    // Two answers and one durable entry per exported, uploaded and acknowledged batch,
    // and one settings push, so more kill points than progress events.
    expect(killed).toBeGreaterThanOrEqual(total);
    const kinds: Record<string, number> = {};
    for (const st of steps) kinds[st] = (kinds[st] ?? 0) + 1;
    console.log(`bridge SIGKILLed at ${killed} steps (${JSON.stringify(kinds)}); all recovered exactly once`);
  }, 170_000);
});
