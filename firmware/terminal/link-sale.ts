import { LinkDispatcher } from '../link/dispatcher';
import type { Frame } from '../../protocol/link/frame';
import { LinkType, encodeLinkError } from '../../protocol/link/messages';
import { Reader } from '../../protocol/bytes';
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
export const SaleType = { SALE: 0x10, TAP: 0x11, KEY: 0x12 } as const;

export class SaleLinkDispatcher extends LinkDispatcher {
  t!: Terminal | null;

  // Call after construction: the base class constructor has no room for it.
  attach(t: Terminal): void {
    this.t = t;
  }

  override answer(f: Frame): void {
    const t = this.t;
    const ty = f.type;
    if (!t || (ty !== SaleType.SALE && ty !== SaleType.TAP && ty !== SaleType.KEY)) {
      super.answer(f);
      return;
    }
    if (ty === SaleType.SALE) {
      const r = new Reader(f.payload);
      const amount = r.u32();
      r.end();
      if (t.state === State.WAITING) t.toIdle();
      const q = amount > 0 ? t.startSale(amount) : null;
      if (q) this.reply(ty | 0x80, f.seq, q);
      else this.refuse(f, amount > 0 ? t.notice : Reason.MALFORMED);
    } else if (ty === SaleType.TAP) {
      const receipt = t.tap(f.payload);
      if (receipt) this.reply(ty | 0x80, f.seq, receipt);
      else this.refuse(f, Reason.UNKNOWN_RECORD);
    } else {
      if (f.payload.length !== 1) this.refuse(f, Reason.MALFORMED);
      else {
        t.press(f.payload[0]);
        this.reply(ty | 0x80, f.seq, new Uint8Array([t.state, t.notice]));
      }
    }
  }

  refuse(f: Frame, reason: number): void {
    this.reply(LinkType.ERROR, f.seq, encodeLinkError({ requestType: f.type, reason }));
  }
}
