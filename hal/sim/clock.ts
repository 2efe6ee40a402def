import type { Clock } from '../ports/clock';

// A clock the test moves: monotonic time only advances through advance(), which fires
// due timers in order. Nothing depends on the host's real time, so runs repeat exactly.
interface Timer {
  at: number;
  id: number;
  callback: () => void;
}

export class SimClock implements Clock {
  ms: number;
  timers: Timer[];
  nextId: number;

  constructor(startMs?: number) {
    this.ms = startMs ?? 0;
    this.timers = [];
    this.nextId = 1;
  }

  monotonic(): number {
    return this.ms;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const t = { at: this.ms + Math.max(0, ms), id: this.nextId++, callback };
    this.timers.push(t);
    return t.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  advance(ms: number): void {
    const end = this.ms + ms;
    for (;;) {
      let next: Timer | null = null;
      for (const t of this.timers) if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.id < next.id))) next = t;
      if (!next) break;
      const due = next;
      this.timers = this.timers.filter((t) => t !== due);
      this.ms = Math.max(this.ms, due.at);
      due.callback();
    }
    this.ms = end;
  }
}

// Real time for interactive runs (kerb sim): monotonic from the process's clock.
export class WallClock implements Clock {
  start: number;
  constructor() {
    this.start = performance.now();
  }
  monotonic(): number {
    return Math.floor(performance.now() - this.start);
  }
  setTimeout(callback: () => void, ms: number): unknown {
    return setTimeout(callback, ms);
  }
  clearTimeout(handle: unknown): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  }
}
