import type { Clock } from '../ports/clock';

// getTime() counts seconds since power-on unless someone calls setTime, which Kerb
// never does (its wall-clock estimate lives in firmware/terminal/time.ts).
export class EspruinoClock implements Clock {
  monotonic(): number {
    return Math.floor(getTime() * 1000);
  }
  setTimeout(callback: () => void, ms: number): unknown {
    return setTimeout(callback, ms);
  }
  clearTimeout(handle: unknown): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  }
}
