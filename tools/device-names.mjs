// Names the shipped device bundle must not rename. The bundle's own property names are
// shortened (esbuild mangleProps): on the device every byte of code is flash, and every
// property lookup compares the name. What stays: every member JavaScript declares (the
// TypeScript lib files), the Espruino globals we declare, the display port (on a board
// it IS Espruino's Graphics object), and what hal/espruino does with Espruino's objects:
// every member it reaches on something other than `this` (Storage, NRF, Serial, E, g)
// and every key of an object literal it builds (options objects handed to Espruino).
// Members of our own HAL classes, reached through `this`, are shortened like the rest.
import * as esbuild from 'esbuild';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES } from '../hal/espruino/boards.mjs';

const MEMBER = /^\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*[:(<]/gm;
const WORD = /[A-Za-z_$][\w$]*/g;

// TypeScript 7 keeps its lib files in a per-platform package (@typescript/typescript-<os>-<cpu>).
function typescriptLib(root) {
  const scoped = join(root, 'node_modules', '@typescript');
  const candidates = [join(root, 'node_modules', 'typescript', 'lib')];
  if (existsSync(scoped)) for (const d of readdirSync(scoped)) candidates.push(join(scoped, d, 'lib'));
  const lib = candidates.find((d) => existsSync(join(d, 'lib.es2022.d.ts')));
  if (!lib) throw new Error('TypeScript lib files (lib.es2022.d.ts) not found under node_modules: run npm install');
  return lib;
}

function libMembers(names, root) {
  const lib = typescriptLib(root);
  for (const f of readdirSync(lib)) {
    if (!/^lib\.(es|decorators|scripthost).*\.d\.ts$/.test(f) && f !== 'lib.d.ts') continue;
    for (const m of readFileSync(join(lib, f), 'utf8').matchAll(MEMBER)) names.add(m[1]);
  }
}

function fileWords(names, file) {
  for (const m of readFileSync(file, 'utf8').matchAll(WORD)) names.add(m[0]);
}

function halNames(names, dir) {
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.ts') || f.endsWith('.d.ts')) continue;
    const { code } = esbuild.transformSync(readFileSync(join(dir, f), 'utf8'), { loader: 'ts', format: 'esm', sourcefile: f });
    walk.simple(acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module' }), {
      MemberExpression(n) {
        if (!n.computed && n.object.type !== 'ThisExpression') names.add(n.property.name);
      },
      Property(n) {
        if (!n.computed && n.key.type === 'Identifier') names.add(n.key.name);
      },
    });
  }
}

// esbuild inlines a TypeScript enum member only when its name is not being mangled;
// inlined, the member costs neither a lookup nor, once none is left, the enum object
// (about two JS variables per member).
function enumMembers(names, dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) enumMembers(names, path);
    else if (e.name.endsWith('.ts')) {
      for (const m of readFileSync(path, 'utf8').matchAll(/\benum\s+\w+\s*\{([^}]*)\}/g)) {
        for (const member of m[1].matchAll(/^\s*([A-Za-z_$][\w$]*)\s*=/gm)) names.add(member[1]);
      }
    }
  }
}

export function reservedPropertyNames(root) {
  const names = new Set(['__proto__', 'constructor', 'prototype', 'length', 'name', 'message', 'stack', 'then', 'toJSON']);
  libMembers(names, root);
  fileWords(names, join(root, 'hal', 'espruino', 'globals.d.ts'));
  fileWords(names, join(root, 'hal', 'ports', 'display.ts'));
  halNames(names, join(root, 'hal', 'espruino'));
  // The board profile's fields: esbuild mangles KERB.<field> before `define` replaces it.
  for (const k of Object.keys(PROFILES.linux)) names.add(k);
  for (const d of ['protocol', 'firmware', 'hal']) enumMembers(names, join(root, d));
  return names;
}

export function reservedPropertyPattern(root) {
  const names = [...reservedPropertyNames(root)].sort();
  return new RegExp(`^(?:${names.map((n) => n.replace(/\$/g, '\\$')).join('|')})$`);
}
