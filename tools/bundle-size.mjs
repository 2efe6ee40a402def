// Where the shipped device bundle's bytes and resident functions come from: `npm run size
// [board]` prints the bundle size against the 24 KB budget, then per folder and per source
// file: bytes, functions, and the JS variables those function objects hold on a board.
// A function declared at the top level costs 4 variables plus one per parameter (measured
// in Espruino 2v29 with the code in flash). A function nested in another costs one more and
// is created each time its enclosing function runs: counted apart as "nested", it stays
// resident only while something keeps it (a stored callback does).
import * as esbuild from 'esbuild';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { buildDevice, shippedOptions } from '../esbuild.config.mjs';
import { pretokenise } from './pretokenise.mjs';
import { describeFit, storageFit } from './storage-fit.mjs';

const BUDGET = 24 * 1024;
const board = process.argv[2] ?? 'pixljs';
const options = shippedOptions(board);
const result = await esbuild.build({ ...options, metafile: true });
// The totals are of what ships (after the compress pass, tools/compress.mjs); per folder
// and per file are esbuild's bytes before it, the last place a byte has a source file.
const shipped = await buildDevice(board);
const total = shipped.length;
const [output] = Object.values(result.metafile.outputs);

// The same build unminified, so each function can be traced to its source file.
const plain = await esbuild.build({ ...options, metafile: false, minifyWhitespace: false, minifyIdentifiers: false, minifySyntax: false, mangleProps: undefined, reserveProps: undefined, mangleCache: undefined });
const text = plain.outputFiles[0].text;
const marks = [...text.matchAll(/^\s*\/\/ (\S+\.ts)$/gm)].map((m) => [m.index, m[1]]);
const fileAt = (pos) => {
  let f = '?';
  for (const [i, n] of marks) if (i <= pos) f = n; else break;
  return f;
};
const fns = {};
const isFunction = (n) => /Function/.test(n.type);
walk.ancestor(acorn.parse(text, { ecmaVersion: 2022, sourceType: 'module' }), {
  Function(n, _s, ancestors) {
    const f = (fns[fileAt(n.start)] ??= { resident: 0, nested: 0, vars: 0 });
    if (ancestors.slice(0, -1).some(isFunction)) {
      f.nested++;
      return;
    }
    f.resident++;
    f.vars += 4 + n.params.length;
  },
});

const rows = Object.entries(output.inputs).filter(([file]) => !file.startsWith('tools/')).map(([file, v]) => [file, v.bytesInOutput]).sort((a, b) => b[1] - a[1]);
const byFolder = {};
for (const [file, bytes] of rows) {
  const folder = file.split('/').slice(0, 2).join('/');
  const f = fns[file] ?? { resident: 0, nested: 0, vars: 0 };
  const row = (byFolder[folder] ??= { bytes: 0, resident: 0, nested: 0, vars: 0 });
  row.bytes += bytes;
  row.resident += f.resident;
  row.nested += f.nested;
  row.vars += f.vars;
}
const all = Object.values(byFolder).reduce((a, r) => ({ resident: a.resident + r.resident, nested: a.nested + r.nested, vars: a.vars + r.vars }), { resident: 0, nested: 0, vars: 0 });
const image = pretokenise(shipped).length;
console.log(`${board}: ${total} bytes (${(total / 1024).toFixed(1)} KB; budget ${BUDGET / 1024} KB${total <= BUDGET ? '' : `, ${(total - BUDGET)} over`})`);
console.log(`flash image (pretokenised, what kerb flash writes): ${image} bytes (${(image / 1024).toFixed(1)} KB)`);
console.log(describeFit(await storageFit(board, image)));
console.log(`functions: ${all.resident} resident, holding ~${all.vars} JS variables on the board; ${all.nested} nested`);
const line = (name, r) => `${String(r.bytes).padStart(7)} B ${String(r.resident).padStart(4)} fn ${String(r.vars).padStart(5)} vars ${r.nested ? `(+${r.nested} nested)` : ''}  ${name}`;
const beforePass = Object.values(output.inputs).reduce((a, v) => a + v.bytesInOutput, 0);
console.log(`\nby folder (esbuild's output, ${beforePass} B of sources before the compress pass):`);
for (const [f, r] of Object.entries(byFolder).sort((a, b) => b[1].bytes - a[1].bytes)) console.log(line(f, r));
console.log('\nby file:');
for (const [f, bytes] of rows) console.log(line(f, { bytes, ...(fns[f] ?? { resident: 0, nested: 0, vars: 0 }) }));
