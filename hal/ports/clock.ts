// Clock port: a monotonic millisecond counter that never goes back while powered, and
// one-shot timers. Wall-clock time is NOT a port: the terminal derives it from what the
// last sync established (firmware/terminal/time.ts), never from the board's RTC.
export interface Clock {
  monotonic(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
