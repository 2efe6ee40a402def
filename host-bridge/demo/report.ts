import { reasonName, Reason } from '../../protocol/reasons';
import { toHex } from '../../protocol/bytes';
import type { SaleOutcome } from './day';

// What the demo found, and the checks that decide its exit code.
export interface LedgerView {
  records: Array<{ terminalId: number; seq: number; status: string; code: string | null; amount: number; challenge: string }>;
  conflicts: Array<{ kind: string; terminalId: number; seq: number; otherTerminalId: number | null; walletId: number | null }>;
  settlement: { totals: Array<{ currency: number; count: number; amount: number }>; quarantined: number };
}

export interface TerminalDay {
  name: string;
  terminalId: number;
  boots: number;
  journal: string[]; // challenges of the records held before the sync
  sync: { exitCode: number; uploaded: number; heldAfter: number; quarantined: number };
  outcomes: SaleOutcome[];
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DemoReport {
  seed: number;
  seconds: number;
  sales: number;
  terminals: Array<{
    name: string; terminalId: number; sales: number; approved: number; approvedAmount: number;
    declined: Record<string, number>; powerCuts: number; recovered: number; boots: number; uploaded: number;
  }>;
  settlement: LedgerView['settlement'];
  conflicts: LedgerView['conflicts'];
  checks: Check[];
  ok: boolean;
  framesDir: string;
  screen: string;
}

export interface DayInput {
  seed: number;
  outcomes: SaleOutcome[];
  terminals: TerminalDay[];
  ledger: LedgerView;
  framesDir: string;
  screen: string;
  seconds: number;
}

const approved = (o: SaleOutcome) => o.reason === Reason.OK;

export function checkDay(d: DayInput): DemoReport {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const wrong = d.outcomes.filter((o) => o.reason !== o.expected);
  check('every sale got the decision its kind calls for', wrong.length === 0,
    wrong.length === 0 ? `${d.outcomes.length}/${d.outcomes.length}`
      : wrong.slice(0, 5).map((o) => `${o.kind} at terminal ${o.terminal + 1}: expected ${reasonName(o.expected)}, got ${reasonName(o.reason)}`).join('; '));

  const journalMismatch = d.terminals.filter((t) => {
    const want = t.outcomes.filter(approved).map((o) => toHex(o.challenge as Uint8Array)).sort();
    return want.join() !== [...t.journal].sort().join();
  });
  check('each journal held exactly the approved sales before the sync', journalMismatch.length === 0,
    journalMismatch.length === 0 ? d.terminals.map((t) => `${t.name}: ${t.journal.length}`).join(', ') : `mismatch on ${journalMismatch.map((t) => t.name).join(', ')}`);

  const unsynced = d.terminals.filter((t) => t.sync.exitCode !== 0 || t.sync.heldAfter !== 0);
  check('every terminal synced completely and freed its journal', unsynced.length === 0,
    unsynced.length === 0 ? d.terminals.map((t) => `${t.name}: ${t.sync.uploaded} uploaded, 0 held`).join(', ')
      : unsynced.map((t) => `${t.name}: exit ${t.sync.exitCode}, ${t.sync.heldAfter} still held`).join('; '));

  const problems: string[] = [];
  for (const t of d.terminals) {
    const atLedger = d.ledger.records.filter((r) => r.terminalId === t.terminalId);
    const counts = new Map<string, number>();
    for (const r of atLedger) counts.set(r.challenge, (counts.get(r.challenge) ?? 0) + 1);
    const sales = t.outcomes.filter(approved);
    for (const o of sales) {
      const n = counts.get(toHex(o.challenge as Uint8Array)) ?? 0;
      if (n !== 1) problems.push(`${t.name} sale #${o.seq} is at the ledger ${n} times`);
    }
    if (atLedger.length !== sales.length) problems.push(`${t.name}: ${sales.length} approved, ${atLedger.length} at the ledger`);
  }
  const totalApproved = d.outcomes.filter(approved).length;
  check('every approved sale reached the ledger exactly once', problems.length === 0,
    problems.length === 0 ? `${totalApproved} of ${totalApproved}` : problems.slice(0, 5).join('; '));

  const doubleSpends = d.outcomes.filter((o) => o.kind === 'double-spend' && approved(o)).length;
  if (doubleSpends >= 2) {
    const found = d.ledger.conflicts.filter((c) => c.kind === 'double_spend');
    check('the ledger caught the double spend the terminals could not see', found.length >= 1,
      found.map((c) => `wallet ${c.walletId}: terminal ${c.terminalId} #${c.seq} and terminal ${c.otherTerminalId}`).join('; ') || 'none found');
  }

  const accepted = d.ledger.records.filter((r) => r.status === 'accepted');
  const settled = d.ledger.settlement.totals.reduce((a, t) => ({ count: a.count + t.count, amount: a.amount + t.amount }), { count: 0, amount: 0 });
  const acceptedAmount = accepted.reduce((a, r) => a + r.amount, 0);
  check('settlement equals the sales the ledger accepted', settled.count === accepted.length && settled.amount === acceptedAmount,
    `${settled.count} sales, ${money(settled.amount)}; ${d.ledger.settlement.quarantined} quarantined`);

  const cuts = d.outcomes.filter((o) => o.powerCut).length;
  check('the terminals survived every power cut', cuts > 0 || d.outcomes.every((o) => !o.powerCut),
    `${cuts} cuts; stored sales found in flash after the reboot: ${d.outcomes.filter((o) => o.recovered).length}`);

  return {
    seed: d.seed,
    seconds: Math.round(d.seconds * 10) / 10,
    sales: d.outcomes.length,
    terminals: d.terminals.map((t) => {
      const declined: Record<string, number> = {};
      for (const o of t.outcomes.filter((x) => !approved(x))) declined[reasonName(o.reason)] = (declined[reasonName(o.reason)] ?? 0) + 1;
      const ok = t.outcomes.filter(approved);
      return {
        name: t.name, terminalId: t.terminalId, sales: t.outcomes.length, approved: ok.length,
        approvedAmount: ok.reduce((a, o) => a + o.amount, 0), declined,
        powerCuts: t.outcomes.filter((o) => o.powerCut).length, recovered: t.outcomes.filter((o) => o.recovered).length,
        boots: t.boots, uploaded: t.sync.uploaded,
      };
    }),
    settlement: d.ledger.settlement,
    conflicts: d.ledger.conflicts,
    checks,
    ok: checks.every((c) => c.ok),
    framesDir: d.framesDir,
    screen: d.screen,
  };
}

export function money(minor: number): string {
  return `€${(minor / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function formatReport(r: DemoReport): string {
  const lines: string[] = [];
  lines.push('', `Kerb market day — seed ${r.seed}, ${r.sales} sales on ${r.terminals.length} terminals`, '');
  for (const t of r.terminals) {
    const declined = Object.values(t.declined).reduce((a, b) => a + b, 0);
    lines.push(`${t.name} (terminal ${t.terminalId}): ${t.sales} sales, ${t.approved} approved (${money(t.approvedAmount)}), ${declined} declined`);
    for (const [reason, n] of Object.entries(t.declined).sort()) lines.push(`    declined ${reason.padEnd(26)} ${n}`);
    lines.push(`    power cuts survived: ${t.powerCuts} (stored sales found in flash after the reboot: ${t.recovered}; ${t.boots} boots)`);
  }
  lines.push('', 'Ledger');
  for (const s of r.settlement.totals) lines.push(`    settlement, merchant 42: ${s.count} sales, ${money(s.amount)} (currency ${s.currency})`);
  lines.push(`    quarantined records: ${r.settlement.quarantined}`);
  for (const c of r.conflicts) lines.push(`    conflict ${c.kind}: wallet ${c.walletId ?? '-'} at terminal ${c.terminalId} #${c.seq}${c.otherTerminalId ? ` and terminal ${c.otherTerminalId}` : ''}`);
  if (r.conflicts.length === 0) lines.push('    conflicts: none');
  lines.push('', 'Checks');
  for (const c of r.checks) lines.push(`    ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  lines.push('', 'A payment request on terminal-1 (128×64 screen):', r.screen);
  lines.push(`Screens saved as PNG in ${r.framesDir}`);
  lines.push('', r.ok ? `All checks hold. ${r.seconds} s.` : `Some checks FAILED (see above). ${r.seconds} s.`);
  return lines.join('\n');
}
