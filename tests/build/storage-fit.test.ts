// Each board's Storage must hold its flash image beside the journal and meta-log page
// files (tools/storage-fit.mjs); the build refuses a board where they do not fit.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM build script without type declarations
import { buildDevice, BOARDS } from '../../esbuild.config.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { pretokenise } from '../../tools/pretokenise.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { describeFit, FILE_HEADER, storageFit } from '../../tools/storage-fit.mjs';
import { PROFILES } from '../../hal/espruino/boards.mjs';
import { layoutFor } from '../../firmware/storage/layout';

describe('flash image and storage layout fit each board', () => {
  for (const board of BOARDS as Array<keyof typeof PROFILES>) {
    it(`${board}: image + journal + meta log + one page to recreate ≤ Storage`, async () => {
      const image: Uint8Array = pretokenise(await buildDevice(board));
      const fit = await storageFit(board, image.length);
      const l = layoutFor(board);
      // The sum counts every file Storage keeps, each with Espruino's 32-byte header.
      expect(fit.parts.image).toBeGreaterThanOrEqual(image.length + FILE_HEADER);
      expect(fit.parts.journal).toBe(l.journal.pageCount * (FILE_HEADER + 4 + l.journal.pageSize));
      expect(fit.used).toBe(fit.parts.image + fit.parts.journal + fit.parts.meta + fit.parts.recreate);
      expect(fit.storage).toBe(PROFILES[board].storage);
      expect(fit.spare, describeFit(fit)).toBeGreaterThanOrEqual(0);
    });
  }

  it('reports a layout that no longer fits once the image grows', async () => {
    const fit = await storageFit('pixljs', PROFILES.pixljs.storage - 2048);
    expect(fit.spare).toBeLessThan(0);
    expect(describeFit(fit)).toMatch(/TOO MUCH/);
  });
});
