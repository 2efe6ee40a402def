import { describe, expect, it } from 'vitest';
import { rig, TERMINAL_ID, MERCHANT_ID } from './rig';
import { createSimTerminal } from '../../hal/sim/terminal';
import { screenOf, Screen } from '../../firmware/terminal/screens';
import type { Terminal } from '../../firmware/terminal/terminal';
import { Reason } from '../../protocol/reasons';
import { equalBytes } from '../../protocol/bytes';
import { recordTag, GENESIS_TAG } from '../../protocol/auth';

// Power fails at every flash operation of a sale in turn (clean and torn). Whatever the
// cut, the terminal never showed APPROVED for a sale the rebooted journal lacks, and
// the rebooted journal is an intact chain.
describe('power cut during the flow', () => {
  it('never shows APPROVED for an unstored sale, at any cut point', () => {
    let approvedShown = 0;
    let cutsHit = 0;
    for (const torn of [false, true]) {
      // Earlier sales move where the cut lands: a counter block reservation, a journal
      // segment opening, or the record itself.
      for (let n = 0; n < 60; n++) {
        const k = n % 3;
        const pre = Math.floor(n / 3) + (torn ? 7 : 0);
        const screens: number[] = [];
        const view = { show: (t: Terminal) => screens.push(screenOf(t)) };
        const r = rig('cut-' + n + '-' + torn, { view });
        const flash = r.flash!;
        const w = r.wallet();
        for (let i = 0; i < pre; i++) {
          r.tap(w.pay(r.sale(100 + i)));
          r.terminal.toIdle();
        }
        const start = flash.rail.operations;
        flash.rail.scheduleCut(start + k, torn);
        screens.length = 0;
        let challenge: Uint8Array | null = null;
        try {
          const q = r.terminal.startSale(999);
          if (q) {
            challenge = r.terminal.challenge;
            r.tap(w.pay(q));
          }
        } catch {
          // A cut can surface as an exception from a later flash call: the device is off.
        }
        const hit = flash.rail.operations > start + k;
        if (hit) cutsHit++;
        const shown = screens.includes(Screen.APPROVED);
        if (shown) approvedShown++;
        flash.rail.powerOn();
        const rebooted = createSimTerminal({ store: flash.reopen(), crypto: r.crypto, seed: 'reboot' });
        const st = rebooted.store;
        let found = false;
        let prev: Uint8Array = GENESIS_TAG;
        for (let s = 1; s <= st.lastSeq(); s++) {
          const b = st.read(s);
          expect(b, `record ${s} after cut ${k}`).not.toBeNull();
          const body = b!.subarray(0, b!.length - 16);
          expect(equalBytes(recordTag(r.crypto, r.authKey, TERMINAL_ID, MERCHANT_ID, prev, body), b!.subarray(-16))).toBe(true);
          prev = b!.subarray(-16);
          // Record body: type, version, seq, time, request counter, amount, currency, challenge.
          if (challenge && equalBytes(body.subarray(20, 36), challenge)) found = true;
        }
        if (shown) expect(found, `cut at op ${k} (torn ${torn}): APPROVED shown but the sale is not in the journal`).toBe(true);
        expect(st.lastSeq()).toBeGreaterThanOrEqual(pre);
        // The rebooted terminal carries on: a new sale is approved and stored.
        const t = rebooted.terminal;
        const q = t.startSale(50);
        expect(q).not.toBeNull();
        const rc = t.tap(w.pay(q!));
        expect(rc).not.toBeNull();
        expect(t.reason).toBe(Reason.OK);
      }
    }
    // The sweep covered both outcomes: cuts that hit before and after the commit.
    expect(cutsHit).toBeGreaterThan(60);
    expect(approvedShown).toBeGreaterThan(0);
  });
});
