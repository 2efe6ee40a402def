import { REASON_LABELS, Reason } from '../../protocol/reasons';
import { AMOUNT, WAITING, RESULT, type Terminal, type View } from './terminal';
import { formatAmount, currencyName } from './amount';
import type { Display } from '../../hal/ports/display';

// Screens for a 128×64 mono panel, drawn with the built-in 6×8 font scaled 1..3.

// Draws the request's QR code from its bytes with its top-left corner at (x, y): the
// encoder turns them into Base45 digits directly, cheaper than building the text first.
export type QrDrawer = (g: Display, request: Uint8Array, x: number, y: number) => unknown;

const IDLE_SCREEN = 0;
const AMOUNT_SCREEN = 1;
const QR = 2;
const APPROVED = 3;
const DECLINED = 4;
const SYNC = 5;
const ERROR = 6;
export const Screen = { IDLE: IDLE_SCREEN, AMOUNT: AMOUNT_SCREEN, QR, APPROVED, DECLINED, SYNC, ERROR } as const;

// Why the idle screen is not READY (Reason.OK when it is).
function problem(t: Terminal): number {
  return t.notice || t.readiness();
}

// Which screen the terminal shows now (also what tests and the simulator report).
export function screenOf(t: Terminal): number {
  const s = t.state;
  if (s === AMOUNT) return AMOUNT_SCREEN;
  if (s === WAITING) return QR;
  if (s === RESULT) return t.reason ? DECLINED : APPROVED;
  const r = problem(t);
  return r === Reason.OFFLINE_TOTAL_EXCEEDED || r === Reason.SYNC_TOO_OLD || r === Reason.CLOCK_UNSET ? SYNC
    : r ? ERROR : IDLE_SCREEN;
}

// `text` at (x, y) in the 6×8 font at `scale`, aligned -1 left, 0 centre, 1 right.
function text(g: Display, s: string, y: number, scale?: number, x?: number, align?: number): void {
  g.setFont('6x8', scale ?? 1);
  g.setFontAlign(align ?? 0, -1);
  g.drawString(s, x ?? 64, y);
}

// The largest scale up to 2 at which `s` fits the 128 px width.
function fit(s: string): number {
  return s.length > 10 ? 1 : 2;
}

export class ScreenView implements View {
  g: Display;
  qr: QrDrawer;

  constructor(g: Display, qr: QrDrawer) {
    this.g = g;
    this.qr = qr;
  }

  show(t: Terminal): void {
    const g = this.g;
    const sc = screenOf(t);
    const cur = t.settings ? currencyName(t.settings.currency) : '';
    g.clear();
    g.setColor(1);
    if (sc === AMOUNT_SCREEN) {
      text(g, 'AMOUNT ' + cur, 0, 1, 0, -1);
      text(g, 'OK', 0, 1, 127, 1);
      // At most "9999.99": scale 3 fits. Underline the digit the buttons change (the
      // cursor counts from the right, past the decimal point).
      const amount = formatAmount(t.entry.value);
      const c = t.entry.cursor;
      const idx = amount.length - 1 - c - (c >= 2 ? 1 : 0);
      const x = 64 - amount.length * 9 + idx * 18;
      text(g, amount, 22, 3);
      if (idx >= 0) g.fillRect(x, 47, x + 16, 48);
      text(g, '+ - next  X cancel', 56);
    } else if (sc === QR) {
      this.qr(g, t.request as Uint8Array, 0, 0);
      const amount = formatAmount(t.amount);
      text(g, amount, 8, amount.length > 5 ? 1 : 2, 98);
      text(g, cur, 30, 1, 98);
      text(g, 'TAP or', 44, 1, 98);
      text(g, 'SCAN', 54, 1, 98);
    } else if (sc === APPROVED) {
      text(g, 'APPROVED', 6, 2);
      const amount = formatAmount(t.amount) + ' ' + cur;
      text(g, amount, 28, fit(amount));
      text(g, 'sale #' + t.seq, 54);
    } else if (sc === SYNC) {
      text(g, 'SYNC', 2, 3);
      text(g, 'NEEDED', 28, 2);
      text(g, t.risk.unsyncedCount + ' sales ' + formatAmount(t.risk.unsyncedTotal), 54);
    } else if (sc === IDLE_SCREEN) {
      const e = t.enrolment;
      const b = t.deps.battery;
      const level = b ? b.read() : -1;
      text(g, e ? 'KERB ' + e.terminalId : 'KERB', 0, 1, 0, -1);
      if (level >= 0) text(g, level + '%', 0, 1, 127, 1);
      text(g, 'READY', 16, 3);
      text(g, t.risk.unsyncedCount + ' unsynced ' + formatAmount(t.risk.unsyncedTotal), 46);
      text(g, 'OK: new sale', 56);
    } else {
      // DECLINED and ERROR: a title, the reason's label and its code.
      const error = sc === ERROR;
      const why = error ? problem(t) : t.reason;
      const label = REASON_LABELS[why] || 'ERROR ' + why;
      text(g, error ? 'ERROR' : why === Reason.CANCELLED || why === Reason.TIMEOUT ? 'STOPPED' : 'DECLINED', error ? 2 : 4, error ? 3 : 2);
      text(g, label, error ? 30 : 28, fit(label));
      text(g, 'code ' + why, 54);
    }
    g.flip();
  }
}
