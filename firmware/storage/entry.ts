// What the journal and the meta log share: pages of entries on one flash device.
//
// Entry: a 4-byte commit marker followed by its payload.
//   marker = [length byte][low 24 bits of (CRC-32 of the payload) XOR context]
// The payload is programmed first and the marker last, in a separate operation, so a cut
// leaves either an erased marker (not committed) or a marker whose bits are a strict
// superset of the intended ones (fails the check). A marker can never read as erased:
// the length byte is never 0xFF. The context (the journal's sequence number, the meta
// page's generation) ties an entry to its place so a stale one cannot pass as new.
// Write alignments are 1, 2 or 4 (tests/storage/layout.test.ts), so the 4-byte marker
// keeps the payload aligned; padding after a payload stays erased (0xFF) and is not
// covered by the check.
//
// Page headers are [words u32 LE][check]: the check is the low bytes of the CRC-32 of
// the words followed by 'K' and the log's kind letter.
// The code that writes and reads entries is firmware/storage/terminal-store.ts.
export const MARKER_BYTES = 4;
