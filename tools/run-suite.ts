// `npm run bench` and `npm run campaign`: runs every module in tools/<suite>/ (or those
// whose names contain an argument) and lets each print its figures. Modules that need
// the Espruino interpreter read ESPRUINO and say so when it is unset.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const [suite, ...wanted] = process.argv.slice(2);
if (suite !== 'bench' && suite !== 'campaign') {
  console.error('usage: tsx tools/run-suite.ts bench|campaign [name-filter...]');
  process.exit(2);
}
const dir = join(dirname(fileURLToPath(import.meta.url)), suite);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)));
let failed = 0;
for (const f of files) {
  console.log(`\n== ${suite} ${f.replace(/\.ts$/, '')}`);
  try {
    const mod = await import(pathToFileURL(join(dir, f)).href);
    await mod.run();
  } catch (e) {
    failed++;
    console.error(`${suite} ${f} failed: ${(e as Error).stack ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
