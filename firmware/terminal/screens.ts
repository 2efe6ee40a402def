import { REASON_LABELS, Reason } from '../../protocol/reasons';
import { State, type Terminal, type View } from './terminal';
import { formatAmount, currencyName } from './amount';
import type { Display } from '../../hal/ports/display';

// Screens for a 128×64 mono panel, drawn with the built-in 6×8 font scaled 1..3.

// Draws the payment request's QR code with its top-left corner at (x, y).
// Draws the request's QR code from its bytes: the encoder turns them into Base45 digits
// directly, cheaper than building the text first.
export type QrDrawer = (g: Display, request: Uint8Array, x: number, y: number) => unknown;

export const Screen = { IDLE: 0, AMOUNT: 1, QR: 2, APPROVED: 3, DECLINED: 4, SYNC: 5, ERROR: 6 } as const;

// Which screen the terminal shows now (also what tests and the simulator report).
export function screenOf(t: Terminal): number {
  const s = t.state;
  if (s === State.AMOUNT) return Screen.AMOUNT;
  if (s === State.WAITING) return Screen.QR;
  if (s === State.RESULT) return t.reason === Reason.OK ? Screen.APPROVED : Screen.DECLINED;
  const r = t.notice !== Reason.OK ? t.notice : t.readiness();
  if (r === Reason.OFFLINE_TOTAL_EXCEEDED || r === Reason.SYNC_TOO_OLD || r === Reason.CLOCK_UNSET) return Screen.SYNC;
  if (r !== Reason.OK) return Screen.ERROR;
  return Screen.IDLE;
}

function big(g: Display, text: string, y: number, scale: number): void {
  g.setFont('6x8', scale);
  g.setFontAlign(0, -1);
  g.drawString(text, 64, y);
}

function line(g: Display, text: string, x: number, y: number, align: number): void {
  g.setFont('6x8', 1);
  g.setFontAlign(align, -1);
  g.drawString(text, x, y);
}

// Largest scale (≤ max) at which `text` fits 128 px in the 6×8 font.
function fit(text: string, max: number): number {
  let s = max;
  while (s > 1 && text.length * 6 * s > 126) s--;
  return s;
}

export class ScreenView implements View {
  g: Display;
  qr: QrDrawer;
  shown: number; // the last screen drawn

  constructor(g: Display, qr: QrDrawer) {
    this.g = g;
    this.qr = qr;
    this.shown = -1;
  }

  show(t: Terminal): void {
    const g = this.g;
    const sc = screenOf(t);
    this.shown = sc;
    g.clear();
    g.setColor(1);
    const cur = t.settings ? currencyName(t.settings.currency) : '';
    if (sc === Screen.AMOUNT) {
      line(g, 'AMOUNT ' + cur, 0, 0, -1);
      line(g, 'OK', 127, 0, 1);
      const text = formatAmount(t.entry.value);
      const scale = fit(text, 3);
      big(g, text, 22, scale);
      // Underline the digit the buttons change (the cursor counts from the right).
      const w = 6 * scale;
      const left = 64 - (text.length * w) / 2;
      const c = t.entry.cursor;
      const idx = text.length - 1 - c - (c >= 2 ? 1 : 0);
      if (idx >= 0) g.fillRect(left + idx * w, 22 + 8 * scale + 1, left + idx * w + w - 2, 22 + 8 * scale + 2);
      line(g, '+ - next  X cancel', 64, 56, 0);
    } else if (sc === Screen.QR) {
      this.qr(g, t.request as Uint8Array, 0, 0);
      const amt = formatAmount(t.amount);
      g.setFont('6x8', amt.length > 5 ? 1 : 2);
      g.setFontAlign(0, -1);
      g.drawString(amt, 98, 8);
      line(g, cur, 98, 30, 0);
      line(g, 'TAP or', 98, 44, 0);
      line(g, 'SCAN', 98, 54, 0);
    } else if (sc === Screen.APPROVED) {
      big(g, 'APPROVED', 6, 2);
      const amt = formatAmount(t.amount) + ' ' + cur;
      big(g, amt, 28, fit(amt, 2));
      line(g, 'sale #' + t.seq, 64, 54, 0);
    } else if (sc === Screen.DECLINED) {
      const label = REASON_LABELS[t.reason] || 'ERROR ' + t.reason;
      big(g, t.reason === Reason.CANCELLED || t.reason === Reason.TIMEOUT ? 'STOPPED' : 'DECLINED', 4, 2);
      big(g, label, 28, fit(label, 2));
      line(g, 'code ' + t.reason, 64, 54, 0);
    } else if (sc === Screen.SYNC) {
      big(g, 'SYNC', 2, 3);
      big(g, 'NEEDED', 28, 2);
      line(g, t.risk.unsyncedCount + ' sales ' + formatAmount(t.risk.unsyncedTotal), 64, 54, 0);
    } else if (sc === Screen.ERROR) {
      const r = t.notice !== Reason.OK ? t.notice : t.readiness();
      const label = REASON_LABELS[r] || 'ERROR ' + r;
      big(g, 'ERROR', 2, 3);
      big(g, label, 30, fit(label, 2));
      line(g, 'code ' + r, 64, 54, 0);
    } else {
      const e = t.enrolment;
      line(g, e ? 'KERB ' + e.terminalId : 'KERB', 0, 0, -1);
      const b = t.battery();
      if (b >= 0) line(g, b + '%', 127, 0, 1);
      big(g, 'READY', 16, 3);
      line(g, t.risk.unsyncedCount + ' unsynced ' + formatAmount(t.risk.unsyncedTotal), 64, 46, 0);
      line(g, 'OK: new sale', 64, 56, 0);
    }
    g.flip();
  }
}
