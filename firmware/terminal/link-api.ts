import type { Terminal } from './terminal';

// The terminal as the host-link dispatcher sees it (firmware/link/api.ts): the Terminal
// implements that API itself. Kept as a name for the simulator's wiring.
export type TerminalLink = Terminal;
export const TerminalLink = function (t: Terminal): Terminal {
  return t;
} as unknown as new (t: Terminal) => Terminal;
