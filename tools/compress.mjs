// A second minifier pass over the shipped device bundle. esbuild minifies in one pass and
// leaves what only repeated passes find (constants folded into their one use, statements
// joined across the conditionals it made, variables nothing reads): terser's compressor
// takes 536 B more off the pixljs bundle (measured). It runs before
// tools/espruino-names.mjs removes the __kerbReserved call, so it too leaves the Espruino
// globals named there alone, and before the subset check, which refuses anything it
// emits beyond Espruino's syntax.
import { minify } from 'terser';

const OPTIONS = {
  module: true,
  compress: {
    ecma: 2015,
    passes: 3,
    // No single-use function inlining: it saved 330 B more, but a top-level function
    // inlined at its one call site becomes a closure made per call (ed25519Verify), and
    // amount → QR went from 13.5 M to 21.2 M instructions (npm run bench firmware).
    reduce_funcs: false,
  },
  mangle: { toplevel: true },
  format: { ascii_only: true, ecma: 2015 },
};

export async function compress(code) {
  const r = await minify(code, OPTIONS);
  return r.code;
}
