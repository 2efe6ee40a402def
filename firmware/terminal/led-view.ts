import { Led, type Leds } from '../../hal/ports/leds';
import { State, type Terminal, type View } from './terminal';

// Boards without a display (Puck.js): blue while waiting for a payment, green for
// APPROVED, red for DECLINED or when a sale cannot start, dark when idle.
export class LedView implements View {
  leds: Leds;
  constructor(leds: Leds) {
    this.leds = leds;
  }
  show(t: Terminal): void {
    const s = t.state;
    this.leds.write(s === State.WAITING ? Led.BLUE : s === State.RESULT ? (t.reason ? Led.RED : Led.GREEN) : t.notice ? Led.RED : 0);
  }
}
