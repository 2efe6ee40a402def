import { reasonLabel, Reason } from '../../protocol/reasons';
import { State, type Terminal, type View } from './terminal';
import { formatAmount, currencyName } from './amount';
import type { Display } from '../../hal/ports/display';

// Screens for a 128×64 mono panel, drawn with the built-in 6×8 font scaled 1..3.

// Draws the request's QR code from its bytes with its top-left corner at (x, y): the
// encoder turns them into Base45 digits directly, cheaper than building the text first.
export type QrDrawer = (g: Display, request: Uint8Array, x: number, y: number) => unknown;

// An enum, so the device build inlines the numbers. AMOUNT, QR and APPROVED share their
// numbers with the states that show them (State.AMOUNT, WAITING, RESULT).
export enum Screen {
  IDLE = 0,
  AMOUNT = 1,
  QR = 2,
  APPROVED = 3,
  DECLINED = 4,
  SYNC = 5,
  ERROR = 6,
}

// Which screen the terminal shows now (also what tests and the simulator report).
export function screenOf(t: Terminal): number {
  const s = t.state;
  if (s) return s === State.RESULT && t.reason ? Screen.DECLINED : s;
  const r = t.notice || t.readiness();
  return r === Reason.OFFLINE_TOTAL_EXCEEDED || r === Reason.SYNC_TOO_OLD || r === Reason.CLOCK_UNSET ? Screen.SYNC
    : r ? Screen.ERROR : Screen.IDLE;
}

// The view of a board with a display: one function draws every screen, its helpers
// nested so they exist only while it draws.
export function screenView(g: Display, qr: QrDrawer): View {
  return {
    show(t: Terminal): void {
      // `s` with its top at `y` in the 6×8 font at `scale` (default 1), horizontally
      // centred on `x` (default 64): x = 0 aligns it left, x = 127 right.
      function text(s: string, y: number, scale?: number, x?: number): void {
        x = x ?? 64;
        g.setFont('6x8', scale || 1);
        g.setFontAlign(x ? x > 99 ? 1 : 0 : -1, -1);
        g.drawString(s, x, y);
      }
      const sc = screenOf(t);
      const cur = t.settings ? currencyName(t.settings.currency) : '';
      g.clear();
      g.setColor(1);
      if (sc === Screen.AMOUNT) {
        text('AMOUNT ' + cur, 0, 1, 0);
        text('OK', 0, 1, 127);
        // At most "9999.99": scale 3 fits. Underline the digit the buttons change (the
        // cursor counts from the right, past the decimal point).
        const amount = formatAmount(t.entered);
        const c = t.cursor;
        const idx = amount.length - 1 - c - (c >= 2 ? 1 : 0);
        const x = 64 - amount.length * 9 + idx * 18;
        text(amount, 22, 3);
        if (idx >= 0) g.fillRect(x, 47, x + 16, 48);
        text('+ - next  X cancel', 56);
      } else if (sc === Screen.QR) {
        qr(g, t.request as Uint8Array, 0, 0);
        const amount = formatAmount(t.amount);
        text(amount, 8, amount.length > 5 ? 1 : 2, 98);
        text(cur, 30, 1, 98);
        text('TAP or', 44, 1, 98);
        text('SCAN', 54, 1, 98);
      } else if (sc === Screen.IDLE) {
        const e = t.enrolment;
        const b = t.deps.battery;
        const level = b ? b.read() : -1;
        text(e ? 'KERB ' + e.terminalId : 'KERB', 0, 1, 0);
        if (level >= 0) text(level + '%', 0, 1, 127);
        text('READY', 16, 3);
        text(t.unsyncedCount + ' unsynced ' + formatAmount(t.unsyncedTotal), 46);
        text('OK: new sale', 56);
      } else {
        // APPROVED, DECLINED, SYNC and ERROR: a title (scale 3 when it is one short
        // word), a line at the largest scale that fits 128 px, and a small line: the
        // sale number, the reason's code, or what is unsynced.
        const error = sc === Screen.ERROR;
        let title: string;
        let line: string;
        let small: string;
        if (sc === Screen.APPROVED) {
          title = 'APPROVED';
          line = formatAmount(t.amount) + ' ' + cur;
          small = 'sale #' + t.seq;
        } else if (sc === Screen.SYNC) {
          title = 'SYNC';
          line = 'NEEDED';
          small = t.unsyncedCount + ' sales ' + formatAmount(t.unsyncedTotal);
        } else {
          const why = error ? t.notice || t.readiness() : t.reason;
          title = error ? 'ERROR' : why === Reason.CANCELLED || why === Reason.TIMEOUT ? 'STOPPED' : 'DECLINED';
          line = reasonLabel(why) || 'ERROR ' + why;
          small = 'code ' + why;
        }
        const big = title.length < 6;
        text(title, big ? 2 : sc === Screen.APPROVED ? 6 : 4, big ? 3 : 2);
        text(line, error ? 30 : 28, line.length > 10 ? 1 : 2);
        text(small, 54);
      }
      g.flip();
    },
  };
}
