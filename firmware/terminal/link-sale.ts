import { LinkDispatcher, type Answer } from '../link/dispatcher';
import { Reader } from '../../protocol/bytes';
import { Reason } from '../../protocol/reasons';
import { WAITING, type Terminal } from './terminal';

// Sale requests over the host link, for boards without NFC in a test rig (Linux build,
// simulator) and for a till that drives the terminal: the host starts a sale, reads the
// request, delivers the wallet's payment and gets the receipt — the same path an NFC
// tap takes. Types 0x10..0x12 (answers | 0x80), next to LINK.md's 0x01..0x06:
//   SALE  u32 amount      → SALE_REQUEST: the payment request bytes, or ERROR(reason)
//   TAP   payment bytes   → TAP_RECEIPT: the receipt bytes, or ERROR(UNKNOWN_RECORD)
//                           when no sale is waiting for a payment
//   KEY   u8 key          → KEY_STATE: u8 state, u8 notice (hal/ports/buttons.ts keys)
const SALE = 0x10;
const TAP = 0x11;
const KEY = 0x12;
export const SaleType = { SALE, TAP, KEY } as const;

export class SaleLinkDispatcher extends LinkDispatcher {
  t!: Terminal | null;

  // Call after construction: the base class constructor has no room for it.
  attach(t: Terminal): void {
    this.t = t;
  }

  override answer(ty: number, b: Uint8Array, seq: number): Answer {
    const t = this.t;
    if (!t || ty < SALE || ty > KEY) return super.answer(ty, b, seq);
    if (ty === TAP) return t.tap(b) || Reason.UNKNOWN_RECORD;
    if (ty === KEY) {
      if (b.length !== 1) return Reason.MALFORMED;
      t.press(b[0]);
      return new Uint8Array([t.state, t.notice]);
    }
    const r = new Reader(b);
    const amount = r.u32();
    r.end();
    if (t.state === WAITING) t.toIdle();
    return amount ? t.startSale(amount) || t.notice : Reason.MALFORMED;
  }
}
