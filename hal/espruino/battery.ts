import type { Battery } from '../ports/battery';
import type { Leds } from '../ports/leds';

// Pixl.js and Puck.js run from a CR2032: E.getBattery() estimates percent from voltage.
// The Linux build has no E.getBattery: the level is unknown (-1).
export class EspruinoBattery implements Battery {
  read(): number {
    if (!E.getBattery) return -1;
    const b = E.getBattery();
    return b >= 0 && b <= 100 ? Math.round(b) : -1;
  }
}

// Puck.js: LED1 red, LED2 green, LED3 blue.
export class EspruinoLeds implements Leds {
  write(mask: number): void {
    digitalWrite(LED1, mask & 1);
    digitalWrite(LED2, (mask >> 1) & 1);
    digitalWrite(LED3, (mask >> 2) & 1);
  }
}
