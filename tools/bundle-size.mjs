// Where the shipped device bundle's bytes come from: `npm run size [board]` prints the
// bundle size against the 24 KB budget and each source file's share, largest first.
import * as esbuild from 'esbuild';
import { shippedOptions } from '../esbuild.config.mjs';
import { pretokenise } from './pretokenise.mjs';

const BUDGET = 24 * 1024;
const board = process.argv[2] ?? 'pixljs';
const result = await esbuild.build({ ...shippedOptions(board), metafile: true });
const total = result.outputFiles[0].contents.length;
const [output] = Object.values(result.metafile.outputs);
const rows = Object.entries(output.inputs).map(([file, v]) => [file, v.bytesInOutput]).sort((a, b) => b[1] - a[1]);
const byFolder = {};
for (const [file, bytes] of rows) {
  const folder = file.split('/').slice(0, 2).join('/');
  byFolder[folder] = (byFolder[folder] ?? 0) + bytes;
}
const image = pretokenise(result.outputFiles[0].text).length;
console.log(`${board}: ${total} bytes (${(total / 1024).toFixed(1)} KB; budget ${BUDGET / 1024} KB${total <= BUDGET ? '' : `, ${(total - BUDGET)} over`})`);
console.log(`flash image (pretokenised, what kerb flash writes): ${image} bytes (${(image / 1024).toFixed(1)} KB)`);
console.log('\nby folder:');
for (const [f, b] of Object.entries(byFolder).sort((a, b) => b[1] - a[1])) console.log(`${String(b).padStart(7)}  ${f}`);
console.log('\nby file:');
for (const [f, b] of rows) console.log(`${String(b).padStart(7)}  ${f}`);
