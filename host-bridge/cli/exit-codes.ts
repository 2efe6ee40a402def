// Exit codes shared by every kerb command, so scripts can tell failures apart.
export const ExitCode = {
  OK: 0,
  FAILED: 1, // the job ran and a check failed (e.g. a demo invariant)
  USAGE: 2, // bad arguments or configuration
  UNREACHABLE: 3, // terminal, serial port or ledger could not be reached
  PARTIAL: 4, // some work done, some left (resumable; run again)
  REJECTED: 5, // the peer refused (authentication, validation)
  INTERNAL: 70, // a bug: please report it
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  the job ran and a check failed
  2  bad arguments or configuration
  3  terminal, serial port or ledger unreachable
  4  partly done; run again to resume
  5  refused by the peer (authentication or validation)
  70 internal error (a bug)`;
