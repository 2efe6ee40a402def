// The meta log's on-flash format (the code is firmware/storage/terminal-store.ts).
//
// Small key/value log for the counters and the config blobs, over 2 pages used in turn.
// Page: header [generation u32][CRC-32 u32], then entries (entry.ts) whose payload is
// [key u8][value]; the latest entry for a key wins, an empty value removes it. When the
// page is full the live values are copied to the other page and its header is written
// LAST, so a cut during the copy leaves the old page in charge. Writes append: no erase
// per update. Each put is committed by its entry's marker, so after any cut a key reads
// as either its old or its new bytes, never a mix. Reads are served from RAM. A page
// holds every key at its longest (tests/storage/layout.test.ts).
export const META_MAX_VALUE = 249;
export const META_HEADER_BYTES = 8;
export const META_HEADER_KIND = 0x4d; // 'M'

// Keys of the values kept in the meta log: counters, then config blobs.
export const REQUEST_COUNTER_KEY = 2; // the reserved high-water mark, u32 LE
export const ENROLMENT_KEY = 16; // terminalId, merchantId, 32-byte key — encoded by the firmware
export const SETTINGS_KEY = 17; // the ledger's signed settings bytes
