import { Reason } from '../../protocol/reasons';
import { decodeReceipt } from '../../protocol/messages/receipt';
import { decodeRequest } from '../../protocol/messages/request';
import { Prng } from '../../hal/sim/prng';
import type { Wallet } from '../../protocol/kit/wallet';
import type { TerminalRig } from './rig';
import { TERMINAL_LIMIT, type Fleet } from './fleet';

// The trading day: ordinary sales, every kind of fraud and fault the decision rules
// name, and random power cuts, all offline. Each sale knows the decision it must get.
export const FRAUDS = {
  replay: Reason.CHALLENGE_MISMATCH, // a payment captured earlier, delivered again
  'double-spend': Reason.OK, // one wallet counter at two terminals: only the ledger sees it
  expired: Reason.CERTIFICATE_EXPIRED,
  'over-limit': Reason.OVER_TERMINAL_LIMIT,
  'card-limit': Reason.OVER_CERTIFICATE_LIMIT,
  tampered: Reason.BAD_SIGNATURE,
  revoked: Reason.WALLET_DENIED,
  'rogue-issuer': Reason.UNKNOWN_ISSUER,
  'counter-replay': Reason.COUNTER_REPLAY,
  'wrong-amount': Reason.AMOUNT_MISMATCH,
} as const;

export type SaleKind = 'ordinary' | keyof typeof FRAUDS;

export interface Sale {
  terminal: number;
  kind: SaleKind;
  amount: number;
  powerCut: { ahead: number; torn: boolean } | null;
}

export interface SaleOutcome {
  terminal: number;
  kind: SaleKind;
  amount: number;
  expected: number;
  reason: number;
  seq: number; // journal sequence number when approved
  challenge: Uint8Array | null;
  walletId: number;
  walletCounter: number;
  powerCut: boolean; // power failed during this sale
  recovered: boolean; // approved, and found in flash after the reboot
}

// A deterministic plan: `sales` sales spread over the terminals, each fraud once per
// terminal (the double spend once across the first two), and `cuts` power cuts.
export function planDay(seed: number, sales: number, terminals: number, cuts: number): Sale[] {
  const rng = new Prng(seed);
  const plan: Sale[] = [];
  for (let i = 0; i < sales; i++) {
    plan.push({ terminal: i % terminals, kind: 'ordinary', amount: 100 + rng.int(TERMINAL_LIMIT - 600), powerCut: null });
  }
  const warmup = Math.min(plan.length, 4 * terminals);
  const free = (after = warmup): number => {
    for (let tries = 0; tries < 10_000; tries++) {
      const i = after + rng.int(Math.max(1, plan.length - after));
      if (i < plan.length && plan[i].kind === 'ordinary' && !plan[i].powerCut) return i;
    }
    throw new Error('the day is too short for its frauds and power cuts: use more --sales');
  };
  for (let t = 0; t < terminals; t++) {
    for (const kind of Object.keys(FRAUDS) as Array<keyof typeof FRAUDS>) {
      // The double spend is one wallet counter at terminals 0 and 1, in that order.
      if (kind === 'double-spend' && (t > 1 || terminals < 2)) continue;
      const i = kind === 'double-spend' && t === 1 ? free(plan.findIndex((s) => s.kind === 'double-spend') + 1) : free();
      plan[i].kind = kind;
      plan[i].terminal = t;
      if (kind === 'over-limit') plan[i].amount = TERMINAL_LIMIT + 2_500;
      if (kind === 'card-limit') plan[i].amount = 1_200;
    }
  }
  for (let c = 0; c < cuts; c++) plan[free()].powerCut = { ahead: rng.int(2), torn: rng.int(2) === 1 };
  return plan;
}

// What the wallets remember between sales, per terminal: the last approved payment
// (for the replay) and each wallet's last counter there (for the counter replay).
interface Memory {
  lastPayment: Map<number, Uint8Array>;
  lastCounter: Map<string, { wallet: Wallet; counter: number }>;
  doubleSpend: { wallet: Wallet; counter: number } | null;
}

export class MarketDay {
  fleet: Fleet;
  rigs: TerminalRig[];
  rng: Prng;
  memory: Memory;
  saleGapMs: number;

  constructor(fleet: Fleet, rigs: TerminalRig[], seed: number, saleGapMs: number) {
    this.fleet = fleet;
    this.rigs = rigs;
    this.rng = new Prng(seed ^ 0x5eed);
    this.memory = { lastPayment: new Map(), lastCounter: new Map(), doubleSpend: null };
    this.saleGapMs = saleGapMs;
  }

  run(plan: Sale[], onSale?: (o: SaleOutcome, index: number) => void): SaleOutcome[] {
    const out: SaleOutcome[] = [];
    plan.forEach((sale, i) => {
      const o = this.sell(sale);
      out.push(o);
      if (onSale) onSale(o, i);
      this.rigs[sale.terminal].clock.advance(this.saleGapMs);
    });
    return out;
  }

  // One customer at one terminal. A power cut mid-sale reboots the terminal; a sale it
  // had stored counts as approved (the vendor sees it as the last sale after the
  // reboot), otherwise the customer simply pays again.
  sell(sale: Sale): SaleOutcome {
    const rig = this.rigs[sale.terminal];
    if (sale.powerCut) rig.schedulePowerCut(sale.powerCut.ahead, sale.powerCut.torn);
    const first = this.attempt(sale, rig);
    if (!rig.powerFailed) {
      if (sale.powerCut) rig.flash.rail.powerOn(); // the cut fell after the sale: not today
      return first;
    }
    rig.restore();
    const seq = first.challenge ? rig.storedSaleFor(first.challenge) : 0;
    if (seq) return { ...first, reason: Reason.OK, seq, powerCut: true, recovered: true };
    return { ...this.attempt({ ...sale, powerCut: null }, rig), powerCut: true };
  }

  attempt(sale: Sale, rig: TerminalRig): SaleOutcome {
    const expected = sale.kind === 'ordinary' ? Reason.OK : FRAUDS[sale.kind];
    const outcome: SaleOutcome = {
      terminal: sale.terminal, kind: sale.kind, amount: sale.amount, expected, reason: -1, seq: 0,
      challenge: null, walletId: 0, walletCounter: 0, powerCut: false, recovered: false,
    };
    const t = rig.terminal;
    let request: Uint8Array | null = null;
    try {
      request = t.startSale(sale.amount);
    } catch (e) {
      if (!rig.powerFailed) throw e;
    }
    if (rig.powerFailed) return outcome;
    if (!request) return { ...outcome, reason: t.notice };
    outcome.challenge = decodeRequest(request).challenge;
    const { wallet, payment } = this.pay(sale, request);
    outcome.walletId = wallet.walletId;
    let receipt: Uint8Array | null = null;
    try {
      receipt = rig.sim.nfc.write(payment);
    } catch (e) {
      if (!rig.powerFailed) throw e;
    }
    if (rig.powerFailed || !receipt) return outcome;
    const rc = decodeReceipt(receipt);
    outcome.reason = rc.reason;
    outcome.seq = rc.seq;
    outcome.walletCounter = rc.walletCounter;
    if (rc.approved) this.remember(sale.terminal, wallet, rc.walletCounter, payment);
    return outcome;
  }

  remember(terminal: number, wallet: Wallet, counter: number, payment: Uint8Array): void {
    this.memory.lastPayment.set(terminal, payment);
    this.memory.lastCounter.set(`${terminal}:${wallet.walletId}`, { wallet, counter });
  }

  // Wallet 0 is kept for the double spend, so no other sale moves its counter on.
  ordinaryWallet(): Wallet {
    return this.fleet.wallets[1 + this.rng.int(this.fleet.wallets.length - 1)];
  }

  pay(sale: Sale, request: Uint8Array): { wallet: Wallet; payment: Uint8Array } {
    const f = this.fleet;
    switch (sale.kind) {
      case 'replay': {
        const old = this.memory.lastPayment.get(sale.terminal);
        const wallet = this.ordinaryWallet();
        return { wallet, payment: old ?? wallet.pay(request, { counter: 1 }) };
      }
      case 'double-spend': {
        const wallet = f.wallets[0];
        const leg = this.memory.doubleSpend;
        if (leg) return { wallet, payment: wallet.pay(request, { counter: leg.counter }) };
        const payment = wallet.pay(request);
        this.memory.doubleSpend = { wallet, counter: wallet.counter };
        return { wallet, payment };
      }
      case 'expired': return { wallet: f.expired, payment: f.expired.pay(request) };
      case 'card-limit': return { wallet: f.lowLimit, payment: f.lowLimit.pay(request) };
      case 'revoked': return { wallet: f.revoked, payment: f.revoked.pay(request) };
      case 'rogue-issuer': return { wallet: f.rogue, payment: f.rogue.pay(request) };
      case 'tampered': {
        const wallet = this.ordinaryWallet();
        const payment = wallet.pay(request);
        payment[payment.length - 40] ^= 0x10; // inside S: still canonical, no longer valid
        return { wallet, payment };
      }
      case 'wrong-amount': {
        const wallet = this.ordinaryWallet();
        return { wallet, payment: wallet.pay(request, { amount: sale.amount - 50 }) };
      }
      case 'counter-replay': {
        const seen = [...this.memory.lastCounter.entries()].find(([k]) => k.startsWith(`${sale.terminal}:`));
        if (!seen) throw new Error('counter replay planned before any sale at its terminal');
        const { wallet, counter } = seen[1];
        return { wallet, payment: wallet.pay(request, { counter }) };
      }
      default: {
        const wallet = this.ordinaryWallet();
        return { wallet, payment: wallet.pay(request) };
      }
    }
  }
}
