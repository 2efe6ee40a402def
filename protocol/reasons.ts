// Stable reason codes. The numbers are part of the wire format (receipts, journal,
// Ledger API): never renumber, only append. SPEC.md §7 lists what each one means.
export enum Reason {
  OK = 0,
  MALFORMED = 1,
  UNSUPPORTED_VERSION = 2,
  UNSUPPORTED_EXTENSION = 3,
  WRONG_TERMINAL = 4,
  CHALLENGE_MISMATCH = 5,
  AMOUNT_MISMATCH = 6,
  CURRENCY_MISMATCH = 7,
  UNKNOWN_CERTIFICATE = 8,
  UNKNOWN_ISSUER = 9,
  BAD_CERTIFICATE_SIGNATURE = 10,
  CERTIFICATE_NOT_YET_VALID = 11,
  CERTIFICATE_EXPIRED = 12,
  WALLET_DENIED = 13,
  OVER_CERTIFICATE_LIMIT = 14,
  OVER_TERMINAL_LIMIT = 15,
  OFFLINE_TOTAL_EXCEEDED = 16,
  SYNC_TOO_OLD = 17,
  COUNTER_REPLAY = 18,
  BAD_SIGNATURE = 19,
  JOURNAL_FULL = 20,
  STORAGE_FAILURE = 21,
  NOT_PROVISIONED = 22,
  CLOCK_UNSET = 23,
  BAD_AUTHENTICATION = 24,
  STALE_SETTINGS = 25,
  CANCELLED = 26,
  TIMEOUT = 27,
  UNKNOWN_RECORD = 28,
}

// Short labels for a 128x64 screen (≤ 14 characters), in code order, in one string: on
// the device a string costs a few JS variables where an array of 29 costs 60.
const LABELS = 'OK|BAD DATA|OLD VERSION|BAD EXTENSION|WRONG TERMINAL|STALE REQUEST|'
  + 'WRONG AMOUNT|WRONG CURRENCY|UNKNOWN CARD|UNKNOWN ISSUER|FORGED CARD|'
  + 'CARD NOT VALID|CARD EXPIRED|WALLET BLOCKED|OVER CARD LIMIT|OVER LIMIT|'
  + 'SYNC NEEDED|SYNC NEEDED|REPLAYED|BAD SIGNATURE|MEMORY FULL|'
  + 'STORAGE ERROR|NOT SET UP|CLOCK NOT SET|BAD AUTH|OLD SETTINGS|'
  + 'CANCELLED|TIMED OUT|UNKNOWN RECORD';

// The label of a reason code; undefined for a code this firmware does not know.
export function reasonLabel(code: number): string | undefined {
  return LABELS.split('|')[code];
}

// Indexed by code (host tools).
export const REASON_LABELS: string[] = /* @__PURE__ */ LABELS.split('|');

export function reasonName(code: number): string {
  return Reason[code] ?? 'UNKNOWN_' + code;
}
