// A second minifier pass over the shipped device bundle. esbuild minifies in one pass and
// leaves what only repeated passes find (constants folded into their one use, statements
// joined across the ifs it made, conditionals merged): terser's compressor takes ~900 B
// more off a 32.5 KB bundle (measured on pixljs). It runs before tools/espruino-names.mjs
// removes the __kerbReserved call, so it too leaves the Espruino globals named there
// alone, and before the subset check, which would refuse anything it emits beyond
// Espruino's syntax.
import { minify } from 'terser';

const OPTIONS = {
  module: true,
  // Not `unsafe`: those rewrites assume a standard library Espruino does not fully have.
  compress: { ecma: 2015, passes: 3, reduce_funcs: false },
  mangle: { toplevel: true },
  format: { ascii_only: true, ecma: 2015 },
};

export async function compress(code) {
  const r = await minify(code, OPTIONS);
  return r.code;
}
