// The journal's on-flash format (the code is firmware/storage/terminal-store.ts).
//
// Append-only journal of opaque records (≤ 160 bytes) keyed by a strictly increasing
// u32 sequence number, in segments of one flash page each.
//
// Segment: header [generation u32][prev u32][ack u32][check u16], then entries
// (firmware/storage/entry.ts). `prev` is the sequence number before the segment's first
// record; records are consecutive after it unless a SEQ entry moves it forward, so a
// 153-byte record costs 157 bytes and 26 fit a 4 KB page exactly. ACK entries and each
// header's ack field keep the acknowledged-through mark durable. Generations order the
// segments; the newest is never erased (it holds the newest record and the newest ack).
// Segments' sequence ranges never overlap and grow with their generation: records are
// appended in order and a segment is only opened above the newest one's tail.
// Control entries have length byte 0 and the payload [kind u8][value u32].
export const JOURNAL_MAX_RECORD = 160;
export const SEGMENT_HEADER_BYTES = 14;
export const JOURNAL_HEADER_KIND = 0x4a; // 'J'
export const CONTROL_PAYLOAD = 5;
export enum Control {
  Seq = 1,
  Ack = 2,
}
