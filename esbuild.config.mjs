// Builds one device bundle per board profile into dist/device/<board>.js and the Node
// entry points into dist/node/. The device build fails on anything outside the subset
// Espruino 2v29 runs natively (DESIGN.md §1): esbuild refuses what it cannot lower, and
// the emitted bundle is then parsed and checked (tools/espruino-subset.mjs).
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { checkEspruinoSubset } from './tools/espruino-subset.mjs';
import { reservedPropertyPattern } from './tools/device-names.mjs';
import { renameForbiddenNames } from './tools/espruino-names.mjs';
import { stripMessagesPlugin } from './tools/strip-messages.mjs';
import { pretokenise } from './tools/pretokenise.mjs';
import { compress } from './tools/compress.mjs';
import { boardDefines } from './hal/espruino/boards.mjs';
import { describeFit, storageFit } from './tools/storage-fit.mjs';

const root = dirname(fileURLToPath(import.meta.url));

export const BOARDS = ['pixljs', 'puckjs', 'banglejs2', 'linux'];

// Syntax Espruino lacks. Marked unsupported so that esbuild either lowers it into the
// subset or stops with an error naming the file and line.
const UNSUPPORTED = {
  'destructuring': false,
  'default-argument': false,
  'rest-argument': false,
  'array-spread': false,
  'object-rest-spread': false,
  'generator': false,
  'async-await': false,
  'async-generator': false,
  'for-await': false,
  'exponent-operator': false,
  'optional-chain': false,
  'bigint': false,
  'class-field': false,
  'class-private-field': false,
  'class-private-method': false,
  'class-private-accessor': false,
  'class-private-static-field': false,
  'class-private-static-method': false,
  'class-private-static-accessor': false,
  'class-static-field': false,
  'class-static-blocks': false,
  'logical-assignment': false,
  'regexp-sticky-and-unicode-flags': false,
  'regexp-dot-all-flag': false,
  'regexp-named-capture-groups': false,
  'regexp-lookbehind-assertions': false,
  'regexp-unicode-property-escapes': false,
  'nullish-coalescing': true,
};

export function deviceOptions(board) {
  return {
    entryPoints: [join(root, 'firmware', 'boards', `${board}.ts`)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2015',
    supported: UNSUPPORTED,
    logOverride: { bigint: 'error' },
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    legalComments: 'none',
    charset: 'ascii',
    treeShaking: true,
    // The board's profile as compile-time constants (KERB_BOARD, KERB.*): hal/espruino/boards.mjs.
    define: boardDefines(board),
    logLevel: 'silent',
  };
}

// Short names the mangler must not hand out: Espruino cannot parse `of`/`static` as a
// method name, and the subset check refuses member names of methods Espruino lacks.
// A mangle-cache entry claims the name for a property that does not exist.
const UNUSABLE_NAMES = Object.fromEntries(['of', 'static', 'at', 'flat'].map((n) => [`kerb$unusable$${n}`, n]));

// What ships to a board: the subset build with our own property names shortened too
// (tools/device-names.mjs says which names stay) and error texts dropped (reason codes
// stay; tools/strip-messages.mjs). Test entry points that expose an API
// to a script use deviceOptions alone, so that their names survive.
// Top-level output rather than an IIFE: a function declared in the root scope carries no
// scope link, one JS variable less per function (measured: 6 vs 7 for f(a,b)), about 300
// on a board with ~2,950. Our top-level names then live among Espruino's globals;
// tools/espruino-names.mjs renames any that would shadow one.
export function shippedOptions(board) {
  return {
    ...deviceOptions(board),
    format: 'esm',
    inject: [join(root, 'tools', 'espruino-globals.js')],
    mangleProps: /./,
    reserveProps: reservedPropertyPattern(root),
    mangleCache: UNUSABLE_NAMES,
    plugins: [stripMessagesPlugin],
  };
}

export class DeviceBuildError extends Error {}

export async function buildDevice(board, options = shippedOptions(board)) {
  let result;
  try {
    result = await esbuild.build(options);
  } catch (e) {
    const lines = (e.errors || []).map((m) => {
      const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}` : '';
      return `${at}: ${m.text}`;
    });
    const syntax = (e.errors || []).some((m) => /is not supported|not available in the configured target/.test(m.text));
    const what = syntax ? 'uses syntax Espruino 2v29 lacks (DESIGN.md §1)' : 'failed';
    throw new DeviceBuildError(`device build for '${board}' ${what}:\n  ${lines.join('\n  ') || e.message}`);
  }
  const shipped = options.format === 'esm';
  const emitted = result.outputFiles[0].text;
  const code = renameForbiddenNames(shipped ? await compress(emitted) : emitted, shipped);
  const problems = checkEspruinoSubset(code, `dist/device/${board}.js`);
  if (problems.length > 0) {
    throw new DeviceBuildError(`device bundle for '${board}' is outside the Espruino subset (DESIGN.md §1):\n  ${problems.join('\n  ')}`);
  }
  return code;
}

const NODE_ENTRIES = { kerb: 'host-bridge/cli/kerb.ts' };

async function buildNode() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  await esbuild.build({
    entryPoints: Object.fromEntries(Object.entries(NODE_ENTRIES).map(([k, v]) => [k, join(root, v)])),
    outdir: join(root, 'dist', 'node'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    define: { KERB_VERSION: JSON.stringify(pkg.version) },
    logLevel: 'warning',
  });
}

async function main() {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const boards = only.length ? only : BOARDS;
  mkdirSync(join(root, 'dist', 'device'), { recursive: true });
  let failed = false;
  for (const board of boards) {
    try {
      const code = await buildDevice(board);
      writeFileSync(join(root, 'dist', 'device', `${board}.js`), code);
      const image = pretokenise(code);
      writeFileSync(join(root, 'dist', 'device', `${board}.tok`), image);
      console.log(`dist/device/${board}.js  ${code.length} bytes  (flash image ${board}.tok: ${image.length} bytes pretokenised)`);
      // A layout that does not fit beside the image fails the first sale on the board.
      const fit = await storageFit(board, image.length);
      if (fit.spare < 0) throw new DeviceBuildError(`${describeFit(fit)}: shrink the code or the ${board} layout in firmware/storage/layout.ts`);
    } catch (e) {
      failed = true;
      console.error(e instanceof DeviceBuildError ? e.message : e);
    }
  }
  if (!only.length) await buildNode();
  if (failed) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
