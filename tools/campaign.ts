// `npm run campaign`: runs every fault-injection sweep in tools/campaign/ (or those named on the command
// line) and prints its findings. Campaigns that need the Espruino interpreter read
// ESPRUINO and say so when it is unset.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'campaign');
const wanted = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()
  .filter((f) => wanted.length === campaign 0 || wanted.some((w) => f.includes(w)));
let failed = 0;
for (const f of files) {
  console.log(`\n== campaign ${f.replace(/\.ts$/, '')}`);
  try {
    const mod = await import(pathToFileURL(join(dir, f)).href);
    await mod.run();
  } catch (e) {
    failed++;
    console.error(`campaign ${f} failed: ${(e as Error).stack ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
