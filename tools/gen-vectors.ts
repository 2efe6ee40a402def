// `npm run vectors`: writes protocol/vectors/<message>.json from fixed seeds. The test
// tests/protocol/vectors.test.ts fails when the committed files differ from a fresh run.
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { generateVectors } from '../protocol/kit/vectors';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'protocol', 'vectors');
mkdirSync(dir, { recursive: true });
for (const [name, file] of Object.entries(generateVectors())) {
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(file, null, 2) + '\n');
  console.log(`protocol/vectors/${name}.json  ${file.vectors.length} vectors`);
}
