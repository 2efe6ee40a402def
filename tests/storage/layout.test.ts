// The storage layouts are a compile-time table (firmware/storage/layout.ts); the journal,
// the meta log and the Storage-file flash rely on these properties instead of checking
// them at every boot.
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../hal/espruino/boards.mjs';
import { layoutFor } from '../../firmware/storage/layout';
import { JOURNAL_MAX_RECORD, SEGMENT_HEADER_BYTES } from '../../firmware/storage/journal';
import { META_HEADER_BYTES, META_MAX_VALUE } from '../../firmware/storage/meta-log';
import { MARKER_BYTES } from '../../firmware/storage/entry';

const roundUp = (n: number, a: number) => Math.ceil(n / a) * a;
const stride = (payload: number, a: number) => MARKER_BYTES + roundUp(payload, a);
const CONTROL_PAYLOAD = 5;
const META_KEYS = { counters: 3, blobs: 2 }; // meta-log.ts: *_KEY
const STORAGE_NAME_MAX = 28; // Espruino truncates longer Storage file names

describe('storage layouts', () => {
  for (const board of Object.keys(PROFILES)) {
    it(`${board}: suits the journal, the meta log and Storage files`, () => {
      const l = layoutFor(board);
      expect([1, 2, 4]).toContain(l.writeAlign);
      const a = l.writeAlign;
      // A fresh segment takes its header, a SEQ entry and the longest record.
      expect(l.journal.pageCount).toBeGreaterThanOrEqual(2);
      expect(roundUp(SEGMENT_HEADER_BYTES, a) + stride(CONTROL_PAYLOAD, a) + stride(JOURNAL_MAX_RECORD, a)).toBeLessThanOrEqual(l.journal.pageSize);
      // A meta page move copies every key at its longest into one page.
      expect(l.meta.pageCount).toBe(2);
      const everyKey = META_HEADER_BYTES + META_KEYS.counters * stride(1 + 4, a) + META_KEYS.blobs * stride(1 + META_MAX_VALUE, a);
      expect(everyKey).toBeLessThanOrEqual(l.meta.pageSize);
      // hal/espruino/storage-flash.ts: files "kj<page>" and "km<page>".
      expect(('kj' + (l.journal.pageCount - 1)).length).toBeLessThanOrEqual(STORAGE_NAME_MAX);
    });
  }

  it('has no layout for an unknown board', () => {
    expect(() => layoutFor('nope')).toThrow();
  });
});
