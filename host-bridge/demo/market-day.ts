import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startLedger } from '../../ledger/index';
import { decodeRecord } from '../../protocol/messages/record';
import { toHex } from '../../protocol/bytes';
import { LedgerClient } from '../sync/ledger-client';
import { provisionTerminal } from '../provision';
import { runSync } from '../cli/bridge-run';
import type { Progress } from '../cli/progress';
import { serveSimTerminal } from '../sim-endpoint';
import { createFleet, CURRENCY, TERMINAL_LIMIT } from './fleet';
import { MarketDay, planDay } from './day';
import { Key } from '../../hal/ports/buttons';
import { TerminalRig } from './rig';
import { checkDay, type DemoReport, type LedgerView, type TerminalDay } from './report';

// `kerb demo` / `npm start`: a market day end to end. The reference ledger on its
// embedded database, a merchant with simulated terminals running the real firmware,
// an issuer and its wallets; a day of offline trading with fraud and power cuts; then
// each terminal "plugged in" and synced by the bridge over a pty with `serialport`.
export interface DemoOptions {
  seed: number;
  sales: number;
  terminals: number;
  wallets: number;
  powerCuts: number;
  out: string;
  progress: (terminalName: string) => Progress;
  log: (line: string) => void;
}

export const MERCHANT_ID = 42;
// 07:00 UTC on 1 June 2026: the day's clock, shared by the ledger and the terminals,
// so that a seed replays the same day to the byte.
const DAY_START = Date.UTC(2026, 5, 1, 7) / 1000;
const DAY_SECONDS = 9 * 3600;

export async function runMarketDay(o: DemoOptions): Promise<DemoReport> {
  const started = Date.now();
  const out = resolve(o.out);
  rmSync(out, { recursive: true, force: true });
  const framesDir = join(out, 'frames');
  mkdirSync(framesDir, { recursive: true });
  let now = DAY_START;
  const ledger = await startLedger({ dataDir: join(out, 'ledger'), clock: () => now, log: () => undefined });
  const rigs: TerminalRig[] = [];
  try {
    const client = new LedgerClient(ledger.url);
    o.log(`ledger  ${ledger.url}  (PGlite in ${join(o.out, 'ledger')})`);
    const fleet = await createFleet(client, o.seed, o.wallets, now);
    o.log(`issuer  key 1 registered, ${fleet.wallets.length + 4} wallets certified, wallet ${fleet.revoked.walletId} revoked`);

    const terminalIds: number[] = [];
    for (let i = 0; i < o.terminals; i++) {
      const rig = new TerminalRig(`terminal-${i + 1}`, `demo-${o.seed}-t${i}`, framesDir);
      rigs.push(rig);
      const endpoint = await serveSimTerminal(rig.sim, { pty: true });
      try {
        const p = await provisionTerminal({
          port: endpoint.pty!.path, ledger: ledger.url, merchantId: MERCHANT_ID, label: rig.name, currency: CURRENCY,
          perPaymentLimit: TERMINAL_LIMIT, offlineTotalLimit: 2_000_000, maxOfflineAge: 2 * 86_400,
          stateDir: join(out, 'bridge'), baud: 115_200,
        });
        terminalIds.push(p.terminalId);
        o.log(`enrol   ${rig.name} as terminal ${p.terminalId} of merchant ${MERCHANT_ID} over ${endpoint.pty!.path}, settings v${p.settingsVersion}`);
      } finally {
        await endpoint.close();
      }
    }

    const plan = planDay(o.seed, o.sales, o.terminals, o.powerCuts);
    const gapMs = Math.floor((DAY_SECONDS * 1000 * o.terminals) / Math.max(1, o.sales));
    o.log(`trade   ${plan.length} sales offline, ${o.powerCuts} power cuts planned`);
    const day = new MarketDay(fleet, rigs, o.seed, gapMs);
    const outcomes = day.run(plan);
    const journals = rigs.map((rig) => heldChallenges(rig));
    now = DAY_START + DAY_SECONDS + 1800;

    const syncs: TerminalDay['sync'][] = [];
    for (let i = 0; i < rigs.length; i++) {
      const endpoint = await serveSimTerminal(rigs[i].sim, { pty: true });
      try {
        o.log(`sync    ${rigs[i].name} plugged in at ${endpoint.pty!.path}`);
        const r = await runSync({
          port: endpoint.pty!.path, ledger: ledger.url, stateDir: join(out, 'bridge'), baud: 115_200,
          linkTimeoutMs: 3_000, budgetMs: 30_000, ledgerTimeoutMs: 15_000, exportBatch: 100, uploadBatch: 250, settings: true,
        }, o.progress(rigs[i].name));
        syncs.push({ exitCode: r.code, uploaded: r.report?.uploaded ?? 0, heldAfter: rigs[i].held(), quarantined: r.report?.rejected.length ?? 0 });
      } finally {
        await endpoint.close();
      }
    }

    const view = await ledgerView(client, terminalIds);
    const screen = showRequest(rigs[0]);
    const terminals: TerminalDay[] = rigs.map((rig, i) => ({
      name: rig.name, terminalId: terminalIds[i], boots: rig.boots, journal: journals[i], sync: syncs[i],
      outcomes: outcomes.filter((x) => x.terminal === i),
    }));
    return checkDay({ seed: o.seed, outcomes, terminals, ledger: view, framesDir, screen, seconds: (Date.now() - started) / 1000 });
  } finally {
    await ledger.close();
  }
}

// The challenges of the records a terminal holds: what it would upload.
function heldChallenges(rig: TerminalRig): string[] {
  const store = rig.sim.store;
  const held: string[] = [];
  for (let seq = store.firstUnackedSeq(); seq <= store.lastSeq(); seq++) {
    const bytes = store.read(seq);
    if (bytes) held.push(toHex(decodeRecord(bytes).challenge));
  }
  return held;
}

async function ledgerView(client: LedgerClient, terminalIds: number[]): Promise<LedgerView> {
  const records: LedgerView['records'] = [];
  for (const id of terminalIds) {
    let after = 0;
    for (;;) {
      const page = await client.call<{ records: Array<{ seq: number; status: string; code?: string | null; amount: number; record: string }>; next: number | null }>(
        'list records', 'GET', `/v1/terminals/${id}/records?after=${after}&limit=1000`);
      for (const r of page.records) records.push({ terminalId: id, seq: r.seq, status: r.status, code: r.code ?? null, amount: r.amount, challenge: toHex(decodeRecord(Buffer.from(r.record, 'base64')).challenge) });
      if (page.next === null || page.next === undefined) break;
      after = page.next;
    }
  }
  const { conflicts } = await client.call<{ conflicts: LedgerView['conflicts'] }>('list conflicts', 'GET', '/v1/conflicts');
  const settlement = await client.call<{ totals: Array<{ currency: number; count: number; amount: number }>; quarantined: number }>('settlement', 'GET', `/v1/merchants/${MERCHANT_ID}/settlement`);
  return { records, conflicts, settlement };
}

// One terminal screen for the console: a payment request as the customer sees it.
function showRequest(rig: TerminalRig): string {
  const t = rig.terminal;
  t.startSale(1250);
  const art = rig.display.toTerminal();
  if (rig.framesDir) rig.display.saveFrame(rig.framesDir, `${rig.name}-request-12.50`, 3);
  t.press(Key.CANCEL);
  return art;
}
