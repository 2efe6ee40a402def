import type { Battery } from '../ports/battery';

export class SimBattery implements Battery {
  level: number;
  constructor(level?: number) {
    this.level = level ?? 87;
  }
  read(): number {
    return this.level;
  }
}
