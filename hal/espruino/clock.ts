import type { Clock } from '../ports/clock';

// getTime() counts seconds since power-on unless someone calls setTime, which Kerb
// never does (its wall-clock estimate lives in firmware/terminal/time.ts). The timers
// are Espruino's own natives: no interpreted wrapper.
export const clock: Clock = {
  monotonic: () => Math.floor(getTime() * 1000),
  setTimeout: setTimeout,
  clearTimeout: clearTimeout,
};
