// `npm run bench`: runs every benchmark in tools/bench/ (or those named on the command
// line) and prints its figures. Benchmarks that need the Espruino interpreter read
// ESPRUINO and say so when it is unset.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const wanted = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)));
let failed = 0;
for (const f of files) {
  console.log(`\n== ${f.replace(/\.ts$/, '')}`);
  try {
    const mod = await import(pathToFileURL(join(dir, f)).href);
    await mod.run();
  } catch (e) {
    failed++;
    console.error(`bench ${f} failed: ${(e as Error).stack ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
