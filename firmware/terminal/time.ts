import type { Clock } from '../../hal/ports/clock';
import { TIME_UNKNOWN } from '../../protocol/decision';

// The terminal's wall-clock estimate. It never trusts the board's own clock: the base
// is the time the last sync established (settings.time, when the settings arrived) and
// the monotonic uptime since is added. After a reboot the uptime between that sync and
// the reboot is lost, so the base becomes a persisted lower bound — the newest of the
// stored settings time and the newest journal record time — plus uptime since boot.
// The estimate therefore never runs ahead of true time (see protocol/decision.ts for
// how expiry is judged with it). Without any base the time is TIME_UNKNOWN.
export class TimeEstimate {
  clock: Clock;
  base: number; // unix seconds at `baseMono`, or TIME_UNKNOWN
  baseMono: number;
  exact: boolean; // true when set by a sync during this power cycle

  constructor(clock: Clock) {
    this.clock = clock;
    this.base = TIME_UNKNOWN;
    this.baseMono = 0;
    this.exact = false;
  }

  // A sync told us the time: trust it (settings are MAC-checked and versioned).
  sync(unixSeconds: number): void {
    this.base = unixSeconds;
    this.baseMono = this.clock.monotonic();
    this.exact = true;
  }

  // At boot, or whenever a persisted fact proves time was at least `unixSeconds`.
  atLeast(unixSeconds: number): void {
    if (unixSeconds > this.now()) {
      this.base = unixSeconds;
      this.baseMono = this.clock.monotonic();
    }
  }

  now(): number {
    if (this.base === TIME_UNKNOWN) return TIME_UNKNOWN;
    return this.base + Math.floor((this.clock.monotonic() - this.baseMono) / 1000);
  }
}
