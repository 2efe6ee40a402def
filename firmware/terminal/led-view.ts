import { Led, type Leds } from '../../hal/ports/leds';
import { Reason } from '../../protocol/reasons';
import { WAITING, RESULT, type Terminal, type View } from './terminal';

// Boards without a display (Puck.js): blue while waiting for a payment, green for
// APPROVED, red for DECLINED or when a sale cannot start, dark when idle.
export class LedView implements View {
  leds: Leds;
  constructor(leds: Leds) {
    this.leds = leds;
  }
  show(t: Terminal): void {
    let m = 0;
    if (t.state === WAITING) m = Led.BLUE;
    else if (t.state === RESULT) m = t.reason === Reason.OK ? Led.GREEN : Led.RED;
    else if (t.notice !== Reason.OK) m = Led.RED;
    this.leds.write(m);
  }
}
