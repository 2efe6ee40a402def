import type { Answer } from '../link/dispatcher';
import { u32 } from '../../protocol/bytes';
import { Reason } from '../../protocol/reasons';
import { State, type Terminal } from './terminal';

// Sale requests over the host link, for boards without NFC in a test rig (Linux build,
// simulator) and for a till that drives the terminal: the host starts a sale, reads the
// request, delivers the wallet's payment and gets the receipt — the same path an NFC
// tap takes. Types 0x10..0x12 (answers | 0x80), next to LINK.md's 0x01..0x06:
//   SALE  u32 amount      → SALE_REQUEST: the payment request bytes, or ERROR(reason)
//   TAP   payment bytes   → TAP_RECEIPT: the receipt bytes, or ERROR(UNKNOWN_RECORD)
//                           when no sale is waiting for a payment
//   KEY   u8 key          → KEY_STATE: u8 state, u8 notice (hal/ports/buttons.ts keys)
export enum SaleType {
  SALE = 0x10,
  TAP = 0x11,
  KEY = 0x12,
}

// LinkDispatcher.extra for a terminal: the boards set it on their one dispatcher, the
// simulator on each connection.
export function saleRequests(t: Terminal): (ty: number, b: Uint8Array) => Answer {
  return function (ty, b) {
    if (ty === SaleType.TAP) return t.tap(b) || Reason.UNKNOWN_RECORD;
    if (ty === SaleType.KEY) {
      if (b.length !== 1) return Reason.MALFORMED;
      t.press(b[0]);
      return [t.state, t.notice];
    }
    if (ty !== SaleType.SALE) return undefined;
    if (b.length !== 4) return Reason.MALFORMED;
    const amount = u32(b, 0);
    if (t.state === State.WAITING) t.toIdle();
    return amount ? t.startSale(amount) || t.notice : Reason.MALFORMED;
  };
}
