// Whether a board's Storage holds the flash image and the storage layout together. On
// Storage-based boards (hal/espruino/storage-flash.ts) the image is the file `.bootcde`
// and every journal and meta-log page is a file of its own, so the layout in
// firmware/storage/layout.ts only works if all of them fit beside the image, plus room to
// recreate one erased journal page before a compaction (an erased file stays as trash
// until then). The build fails when they do not (esbuild.config.mjs); `npm run size`
// prints the sum.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { PROFILES } from '../hal/espruino/boards.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

// Espruino's per-file header (size + 28-byte name, src/jsflash.h) and file alignment.
export const FILE_HEADER = 32;
const ALIGN = 4;
// storage-flash.ts: each page file carries a 4-byte prelude, and a page is recreated only
// when getFree() leaves this much beyond it.
const PRELUDE = 4;
const RECREATE_MARGIN = 100;

const fileBytes = (size) => FILE_HEADER + Math.ceil(size / ALIGN) * ALIGN;

let layoutModule = null;

// The layout table is TypeScript in the firmware; built here so there is one table.
async function layouts() {
  if (!layoutModule) {
    const out = await esbuild.build({ entryPoints: [join(root, 'firmware/storage/layout.ts')], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent' });
    layoutModule = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  }
  return layoutModule;
}

// Bytes of Storage each part takes for `board` with an image of `imageBytes`.
export async function storageFit(board, imageBytes) {
  const l = (await layouts()).layoutFor(board);
  const storage = PROFILES[board].storage;
  const parts = {
    image: fileBytes(imageBytes),
    journal: l.journal.pageCount * fileBytes(PRELUDE + l.journal.pageSize),
    meta: l.meta.pageCount * fileBytes(PRELUDE + l.meta.pageSize),
    recreate: l.journal.pageSize + RECREATE_MARGIN,
  };
  const used = parts.image + parts.journal + parts.meta + parts.recreate;
  return { board, storage, parts, used, spare: storage - used, layout: l };
}

export function describeFit(f) {
  const p = f.parts;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  return `${f.board} Storage ${kb(f.storage)}: image ${kb(p.image)} + journal ${f.layout.journal.pageCount} × ${f.layout.journal.pageSize} B (${kb(p.journal)}) + meta ${kb(p.meta)} + recreate room ${kb(p.recreate)} = ${kb(f.used)}, ${f.spare >= 0 ? `${kb(f.spare)} spare` : `${kb(-f.spare)} TOO MUCH`}`;
}
