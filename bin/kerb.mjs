#!/usr/bin/env node
// The `kerb` command. Runs the bundled CLI; builds it first on a fresh clone.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'node', 'kerb.mjs');
if (!existsSync(cli)) execFileSync(process.execPath, [join(root, 'esbuild.config.mjs')], { stdio: 'inherit', cwd: root });
await import(cli);
