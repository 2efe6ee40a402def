import { describe, expect, it } from 'vitest';
import { rig, T0, DAY, TERMINAL_ID } from '../sim/rig';
import { Reason } from '../../protocol/reasons';
import { Key } from '../../hal/ports/buttons';
import { State, Timeouts } from '../../firmware/terminal/terminal';
import { screenOf, Screen } from '../../firmware/terminal/screens';
import { makeSettings, makeAck } from '../../hal/sim/ledger-kit';
import { MemoryStore } from '../../hal/sim/memory-store';
import { decodeRequest } from '../../protocol/messages/request';
import { decodeReceipt } from '../../protocol/messages/receipt';
import { decodeRecord, encodeRecordBody } from '../../protocol/messages/record';
import { recordTag, GENESIS_TAG } from '../../protocol/auth';
import { createSimTerminal } from '../../hal/sim/terminal';
import { equalBytes } from '../../protocol/bytes';

describe('terminal flow', () => {
  it('keys enter an amount, OK shows the QR code with a fresh request, a tap approves', () => {
    const r = rig('keys');
    const w = r.wallet();
    for (const k of [Key.DIGIT0 + 1, Key.DIGIT0 + 2, Key.DIGIT0 + 5, Key.DIGIT0 + 0]) r.buttons.press(k);
    expect(r.terminal.state).toBe(State.AMOUNT);
    expect(r.terminal.entered).toBe(1250);
    r.buttons.press(Key.OK);
    expect(screenOf(r.terminal)).toBe(Screen.QR);
    const q = decodeRequest(r.terminal.request as Uint8Array);
    expect(q.amount).toBe(1250);
    expect(q.terminalId).toBe(TERMINAL_ID);
    expect(equalBytes(r.nfc.read()!, r.terminal.request!)).toBe(true);
    const rc = r.tap(w.pay(r.nfc.read()!));
    expect(rc!.approved).toBe(true);
    expect(rc!.seq).toBe(1);
    // The receipt stays readable by the wallet until the result screen times out.
    expect(decodeReceipt(r.nfc.read()!).seq).toBe(1);
    r.clock.advance(Timeouts.RESULT);
    expect(r.terminal.state).toBe(State.IDLE);
    expect(r.nfc.read()).toBeNull();
  });

  it('four-button entry: UP/DOWN change the digit under the cursor, NEXT moves it', () => {
    const r = rig('buttons');
    r.buttons.press(Key.OK);
    for (const k of [Key.UP, Key.UP, Key.NEXT, Key.UP, Key.NEXT, Key.NEXT, Key.UP, Key.UP, Key.UP, Key.DOWN]) r.buttons.press(k);
    expect(r.terminal.entered).toBe(2012);
    r.buttons.press(Key.DOWN);
    r.buttons.press(Key.DOWN);
    r.buttons.press(Key.DOWN);
    expect(r.terminal.entered).toBe(9012);
    r.buttons.press(Key.UP); // 9 wraps to 0
    expect(r.terminal.entered).toBe(12);
    r.buttons.press(Key.BACKSPACE);
    expect(r.terminal.entered).toBe(1);
  });

  it('request counters and challenges are never reused', () => {
    const r = rig('counters');
    const seen = new Set<string>();
    let last = 0;
    for (let i = 0; i < 20; i++) {
      const q = decodeRequest(r.sale(100 + i));
      expect(q.requestCounter).toBeGreaterThan(last);
      last = q.requestCounter;
      const c = Buffer.from(q.challenge).toString('hex');
      expect(seen.has(c)).toBe(false);
      seen.add(c);
      r.terminal.toIdle();
    }
  });

  it('a second tap of the same payment returns the same receipt and stores nothing', () => {
    const r = rig('idempotent');
    const w = r.wallet();
    const p = w.pay(r.sale(700));
    const first = r.nfc.write(p)!;
    const again = r.nfc.write(p)!;
    expect(equalBytes(first, again)).toBe(true);
    expect(r.store.lastSeq()).toBe(1);
    // Same for a declined one: same reason, no record.
    r.terminal.toIdle();
    const bad = w.pay(r.sale(700), { amount: 701 });
    const d1 = r.nfc.write(bad)!;
    expect(equalBytes(d1, r.nfc.write(bad)!)).toBe(true);
    expect(decodeReceipt(d1).reason).toBe(Reason.AMOUNT_MISMATCH);
    expect(r.store.lastSeq()).toBe(1);
    // Once the terminal is back to idle nothing answers the old payment.
    r.terminal.toIdle();
    expect(r.nfc.write(p)).toBeNull();
    expect(r.terminal.tap(p)).toBeNull();
    expect(r.store.lastSeq()).toBe(1);
  });

  it('cancel and timeouts at every step', () => {
    const r = rig('cancel');
    r.buttons.press(Key.OK);
    r.buttons.press(Key.CANCEL);
    expect(r.terminal.state).toBe(State.IDLE);
    r.buttons.press(Key.DIGIT0 + 5);
    r.clock.advance(Timeouts.AMOUNT);
    expect(r.terminal.state).toBe(State.IDLE);
    const w = r.wallet();
    const q = r.sale(300);
    r.buttons.press(Key.CANCEL);
    expect(r.terminal.state).toBe(State.RESULT);
    expect(r.terminal.reason).toBe(Reason.CANCELLED);
    expect(r.nfc.read()).toBeNull(); // NFC disarmed
    expect(r.terminal.tap(w.pay(q))).toBeNull();
    r.clock.advance(Timeouts.RESULT);
    expect(r.terminal.state).toBe(State.IDLE);
    r.sale(300);
    r.clock.advance(Timeouts.WAITING);
    expect(r.terminal.reason).toBe(Reason.TIMEOUT);
    expect(screenOf(r.terminal)).toBe(Screen.DECLINED);
    r.buttons.press(Key.OK);
    expect(r.terminal.state).toBe(State.IDLE);
    expect(r.store.lastSeq()).toBe(0);
  });

  it('records are chained and MACed with the enrolment key; receipts carry the tag', () => {
    const r = rig('chain');
    const w = r.wallet();
    const tags: Uint8Array[] = [];
    for (let i = 0; i < 3; i++) {
      tags.push(r.tap(w.pay(r.sale(100 * (i + 1))))!.tag);
      r.terminal.toIdle();
    }
    let prev: Uint8Array = GENESIS_TAG;
    for (const rec of r.journal()) {
      const tag = recordTag(r.crypto, r.authKey, TERMINAL_ID, 77, prev, encodeRecordBody(rec));
      expect(equalBytes(tag, rec.tag)).toBe(true);
      expect(equalBytes(tag, tags[rec.seq - 1])).toBe(true);
      prev = rec.tag;
    }
  });

  it('settings: MAC under the enrolment key, version must increase, terminal id must match', () => {
    const r = rig('settings');
    const s = { ...r.settings, version: r.settings.version + 1, perPaymentLimit: 42 };
    const forged = makeSettings(r.crypto, new Uint8Array(32), s);
    expect(r.api.pushSettings(forged)).toBe(Reason.BAD_AUTHENTICATION);
    const flipped = makeSettings(r.crypto, r.authKey, s);
    flipped[20] ^= 1;
    expect(r.api.pushSettings(flipped)).toBe(Reason.BAD_AUTHENTICATION);
    expect(r.api.pushSettings(makeSettings(r.crypto, r.authKey, { ...s, version: r.settings.version }))).toBe(Reason.STALE_SETTINGS);
    expect(r.api.pushSettings(makeSettings(r.crypto, r.authKey, { ...s, version: 1 }))).toBe(Reason.STALE_SETTINGS);
    expect(r.api.pushSettings(makeSettings(r.crypto, r.authKey, { ...s, terminalId: 9 }))).toBe(Reason.WRONG_TERMINAL);
    expect(r.api.pushSettings(new Uint8Array([6, 1, 2]))).toBe(Reason.MALFORMED);
    expect(r.terminal.settings!.perPaymentLimit).toBe(5000);
    const good = makeSettings(r.crypto, r.authKey, s);
    expect(r.api.pushSettings(good)).toBe(Reason.OK);
    expect(r.api.pushSettings(good)).toBe(Reason.OK); // a retried push is idempotent
    expect(r.terminal.settings!.perPaymentLimit).toBe(42);
    // Persisted: a reboot from the same store keeps them.
    const again = createSimTerminal({ store: r.store, crypto: r.crypto, seed: 'x' });
    expect(again.terminal.settings!.version).toBe(s.version);
  });

  it('acknowledgements: MAC checked, record tag must match, records and totals freed', () => {
    const r = rig('ack');
    const w = r.wallet();
    for (let i = 0; i < 3; i++) {
      r.tap(w.pay(r.sale(1000)));
      r.terminal.toIdle();
    }
    expect(r.terminal.unsyncedTotal).toBe(3000);
    const rec2 = r.store.read(2)!;
    const tag2 = rec2.subarray(rec2.length - 16);
    expect(r.api.acknowledge(makeAck(r.crypto, new Uint8Array(32), TERMINAL_ID, 2, tag2))).toBe(Reason.BAD_AUTHENTICATION);
    expect(r.api.acknowledge(makeAck(r.crypto, r.authKey, TERMINAL_ID, 2, new Uint8Array(16)))).toBe(Reason.UNKNOWN_RECORD);
    expect(r.api.acknowledge(makeAck(r.crypto, r.authKey, TERMINAL_ID, 9, tag2))).toBe(Reason.UNKNOWN_RECORD);
    expect(r.api.acknowledge(makeAck(r.crypto, r.authKey, TERMINAL_ID, 2, tag2))).toBe(Reason.OK);
    expect(r.api.acknowledge(makeAck(r.crypto, r.authKey, TERMINAL_ID, 2, tag2))).toBe(Reason.OK);
    expect(r.terminal.unsyncedTotal).toBe(1000);
    expect(r.api.info().firstUnackedSeq).toBe(3);
    expect(r.api.exportFrom(1, 10).map((b) => decodeRecord(b).seq)).toEqual([3]);
    // The wallet counter seen before the ack still blocks a replay.
    expect(r.terminal.lastCounter(w.walletId, w.certHash)).toBe(3);
  });

  it('risk state and time bound are rebuilt from the journal at boot', () => {
    const r = rig('reboot');
    const w = r.wallet();
    r.clock.advance(3600_000);
    r.tap(w.pay(r.sale(1500)));
    r.terminal.toIdle();
    r.tap(w.pay(r.sale(500)));
    const after = createSimTerminal({ store: r.store, crypto: r.crypto, seed: 'boot2' });
    const t = after.terminal;
    expect(t.unsyncedTotal).toBe(2000);
    expect(t.unsyncedCount).toBe(2);
    expect(t.lastCounter(w.walletId, w.certHash)).toBe(2);
    // Time after reboot: the newest record's time (a lower bound), not the settings time.
    expect(t.now()).toBeGreaterThanOrEqual(T0 + 3600);
    expect(t.now()).toBe(decodeRecord(r.store.read(2)!).time);
  });

  it('refuses to start a sale it could not store: journal full, counter failure, not provisioned, sync needed', () => {
    const full = rig('full', { store: new MemoryStore(2) });
    const w = full.wallet();
    full.tap(w.pay(full.sale(100)));
    full.terminal.toIdle();
    full.tap(w.pay(full.sale(100)));
    full.terminal.toIdle();
    expect(full.terminal.startSale(100)).toBeNull();
    expect(full.terminal.notice).toBe(Reason.JOURNAL_FULL);
    expect(screenOf(full.terminal)).toBe(Screen.ERROR);

    const broken = rig('broken', { store: new MemoryStore() });
    (broken.store as MemoryStore).failNext = true;
    expect(broken.terminal.startSale(100)).toBeNull();
    expect(broken.terminal.notice).toBe(Reason.STORAGE_FAILURE);

    const failing = rig('append-fails', { store: new MemoryStore() });
    const w2 = failing.wallet();
    const q = failing.sale(100);
    (failing.store as MemoryStore).failNext = true;
    const rc = failing.tap(w2.pay(q));
    expect(rc!.reason).toBe(Reason.STORAGE_FAILURE);
    expect(screenOf(failing.terminal)).toBe(Screen.DECLINED);
    expect(failing.store.lastSeq()).toBe(0);

    const blank = createSimTerminal({ seed: 'blank' });
    expect(blank.terminal.startSale(100)).toBeNull();
    expect(blank.terminal.notice).toBe(Reason.NOT_PROVISIONED);

    const old = rig('old');
    old.tap(old.wallet().pay(old.sale(100)));
    old.terminal.toIdle();
    old.clock.advance(4 * DAY * 1000);
    expect(old.terminal.readiness()).toBe(Reason.SYNC_TOO_OLD);
    expect(screenOf(old.terminal)).toBe(Screen.SYNC);
    expect(old.ackAll()).toBe(Reason.OK);
    expect(old.terminal.readiness()).toBe(Reason.OK);
  });

  it('enrolment: refused once provisioned unless in maintenance mode with nothing unsynced', () => {
    const r = rig('enrol');
    const again = new Uint8Array(r.store.loadConfig('enrol')!);
    expect(r.api.enrol(again)).toBe(Reason.OK); // a retried identical enrolment
    again[3] ^= 1;
    expect(r.api.enrol(again)).toBe(Reason.BAD_AUTHENTICATION);
    expect(r.api.enrol(new Uint8Array([8, 1]))).toBe(Reason.MALFORMED);
  });
});
