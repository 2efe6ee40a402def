import type { Battery } from '../ports/battery';
import type { Leds } from '../ports/leds';

export class SimBattery implements Battery {
  level: number;
  constructor(level?: number) {
    this.level = level ?? 87;
  }
  read(): number {
    return this.level;
  }
}

export class SimLeds implements Leds {
  mask: number;
  history: number[];
  constructor() {
    this.mask = 0;
    this.history = [];
  }
  write(mask: number): void {
    this.mask = mask;
    this.history.push(mask);
  }
}
