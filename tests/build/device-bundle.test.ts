import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM build script without type declarations
import { buildDevice, BOARDS } from '../../esbuild.config.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { checkEspruinoSubset } from '../../tools/espruino-subset.mjs';

describe('device bundle stays in the Espruino 2v29 subset', () => {
  for (const board of BOARDS as string[]) {
    it(`${board}: the emitted bundle parses and has no construct Espruino lacks`, async () => {
      const code: string = await buildDevice(board);
      expect(code.length).toBeGreaterThan(1000);
      expect(checkEspruinoSubset(code, board)).toEqual([]);
    });
  }

  const rejected: Array<[string, string]> = [
    ['f(...a)', 'spread'],
    ['var [x] = a', 'destructuring'],
    ['var {x} = a', 'destructuring'],
    ['function f(a = 1) { return a }', 'default parameter'],
    ['function f(...r) { return r }', 'rest'],
    ['outer: for (;;) break outer', 'label'],
    ['var of = 1', "identifier 'of'"],
    ['var o = { static: 1 }; var static_ = o', ''],
    ['new Map()', 'Map'],
    ['new Set([1])', 'Set'],
    ['Symbol.iterator', 'Symbol'],
    ['BigInt(1)', 'BigInt'],
    ['var x = 10n', 'BigInt literal'],
    ['Math.imul(1, 2)', 'Math.imul'],
    ['Math.trunc(1.5)', 'Math.trunc'],
    ['Math.clz32(1)', 'Math.clz32'],
    ['Array.from([1])', 'Array.from'],
    ['Number.isInteger(1)', 'Number.isInteger'],
    ['Object.freeze({})', 'Object.freeze'],
    ['a ** 2', 'exponent'],
    ['a?.b', 'optional chaining'],
    ['async function f() { await 1 }', 'async'],
    ['function* g() { yield 1 }', 'generator'],
    ['tag`x`', 'tagged template'],
    ['var o = { [k]: 1 }', 'computed property'],
    ['class E2 extends Error {}', 'extending Error'],
    ['class E3 extends TypeError {}', 'extending TypeError'],
    ['class Mine {} class MyError extends Mine {}', ''],
    ['"x".padStart(3)', 'padStart'],
    ['new TextEncoder()', 'TextEncoder'],
    ['for (let i = 0; i < 3; i++) fs.push(() => i)', 'captured by a closure'],
    ['g(); function g() {}', 'before its function declaration'],
  ];
  for (const [src, why] of rejected) {
    it(`rejects ${src}`, () => {
      const problems: string[] = checkEspruinoSubset(src, 't.js');
      if (why) expect(problems.join('\n')).toContain(why);
      else expect(problems).toEqual([]);
    });
  }

  it('accepts what Espruino runs: classes, arrows, templates, for-of, ??, typed arrays', () => {
    const src = 'class A { constructor() { this.x = 1 } get y() { return 2 } }\n'
      + 'var f = (a, b) => `${a}${b}`; for (const v of new Uint8Array(2)) f(v, 1);\n'
      + 'var d = new DataView(new ArrayBuffer(4)); var z = d.getUint32(0, true) ?? 0;\n'
      + 'for (let i = 0; i < 3; i++) z += i;';
    expect(checkEspruinoSubset(src, 't.js')).toEqual([]);
  });
});
