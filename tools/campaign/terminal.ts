// `npm run campaign terminal`: the journal's power-cut campaign through the full
// acceptance flow. A market session (sales from several wallets, declines, syncs that
// acknowledge and free journal segments, settings pushes) runs on the Pixl.js flash
// layout; power is cut at every flash operation of it in turn, cleanly and torn. After
// each cut the terminal reboots from the flash and must hold every sale it showed as
// APPROVED (or the ledger already has it), an intact tag chain, request counters above
// every one it handed out, and it must go on selling. Prints "N cut points, M violations".
import { rig, TERMINAL_ID, MERCHANT_ID } from '../../tests/sim/rig';
import { createSimTerminal } from '../../hal/sim/terminal';
import { simFlashSet } from '../../hal/sim/flash-store';
import { Screen, screenOf } from '../../firmware/terminal/screens';
import type { Terminal } from '../../firmware/terminal/terminal';
import { decodeRequest } from '../../protocol/messages/request';
import { recordTag, GENESIS_TAG } from '../../protocol/auth';
import { equalBytes, toHex } from '../../protocol/bytes';
import { Reason } from '../../protocol/reasons';

const SALES = 40;

interface Outcome {
  operations: number;
  violations: string[];
}

function session(cutAt: number, torn: boolean): Outcome {
  const flash = simFlashSet({ board: 'pixljs', seed: 7 });
  let shownApproved = '';
  const view = { show: (t: Terminal) => { if (screenOf(t) === Screen.APPROVED && t.challenge) shownApproved = toHex(t.challenge); } };
  const r = rig('campaign-terminal', { store: flash.reopen(), view });
  const wallets = [r.wallet(), r.wallet(), r.wallet()];
  const approved: string[] = [];
  let maxCounter = 0;
  const start = flash.rail.operations;
  if (cutAt >= 0) flash.rail.scheduleCut(start + cutAt, torn);
  for (let i = 0; i < SALES && !flash.rail.frozen; i++) {
    r.clock.advance(30_000);
    try {
      if (i % 10 === 9) {
        r.ackAll();
        r.push();
      }
      const q = r.terminal.startSale(100 + i);
      if (!q) continue;
      maxCounter = Math.max(maxCounter, decodeRequest(q).requestCounter);
      shownApproved = '';
      const w = wallets[i % wallets.length];
      r.tap(w.pay(q, { amount: i % 7 === 3 ? 1 : undefined, includeCertificate: i < 3 }));
      if (shownApproved) approved.push(shownApproved);
      r.terminal.toIdle();
    } catch {
      // a cut surfaced as an exception: the device is off from here on
    }
  }
  const operations = flash.rail.operations - start;
  const violations: string[] = [];
  const at = `cut ${cutAt}${torn ? ' torn' : ''}`;
  flash.rail.powerOn();
  let rebooted;
  try {
    rebooted = createSimTerminal({ store: flash.reopen(), crypto: r.crypto, seed: 'reboot' });
  } catch (e) {
    return { operations, violations: [`${at}: reboot failed: ${(e as Error).message}`] };
  }
  const st = rebooted.store;
  const held = new Set<string>(r.synced.map((b) => toHex(b.subarray(20, 36))));
  let prev: Uint8Array = GENESIS_TAG;
  for (let s = 1; s <= st.lastSeq(); s++) {
    const b = st.read(s);
    if (!b) {
      // Acknowledged records may be gone; the chain restarts from the first one held.
      prev = new Uint8Array(0);
      continue;
    }
    const body = b.subarray(0, b.length - 16);
    if (prev.length && !equalBytes(recordTag(r.crypto, r.authKey, TERMINAL_ID, MERCHANT_ID, prev, body), b.subarray(-16))) violations.push(`${at}: record ${s} breaks the tag chain`);
    prev = b.subarray(-16);
    held.add(toHex(body.subarray(20, 36)));
  }
  for (const c of approved) if (!held.has(c)) violations.push(`${at}: APPROVED sale ${c.slice(0, 8)} is not in the journal`);
  const t = rebooted.terminal;
  const q = t.startSale(50);
  if (!q) violations.push(`${at}: rebooted terminal refuses to sell (${t.notice})`);
  else {
    if (decodeRequest(q).requestCounter <= maxCounter) violations.push(`${at}: request counter ${decodeRequest(q).requestCounter} reused (≤ ${maxCounter})`);
    t.tap(wallets[0].pay(q, { counter: wallets[0].counter + 100 }));
    if (t.reason !== Reason.OK) violations.push(`${at}: rebooted terminal declined a good payment (${t.reason})`);
  }
  return { operations, violations };
}

export async function run(): Promise<void> {
  const t0 = Date.now();
  const clean = session(-1, false);
  if (clean.violations.length) throw new Error('the uncut session failed: ' + clean.violations.join('; '));
  console.log(`session: ${SALES} sales, ${clean.operations} flash operations`);
  let cutPoints = 0;
  const violations: string[] = [];
  for (const torn of [false, true]) {
    for (let k = 0; k < clean.operations; k++) {
      violations.push(...session(k, torn).violations);
      cutPoints++;
    }
  }
  for (const v of violations.slice(0, 20)) console.log('  ' + v);
  console.log(`${cutPoints} cut points, ${violations.length} violations`);
  console.log(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (violations.length) throw new Error(`${violations.length} violations`);
}
