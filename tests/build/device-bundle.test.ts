import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM build script without type declarations
import { buildDevice, BOARDS } from '../../esbuild.config.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { checkEspruinoSubset } from '../../tools/espruino-subset.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { renameForbiddenNames } from '../../tools/espruino-names.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { stripMessages } from '../../tools/strip-messages.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { reservedPropertyNames } from '../../tools/device-names.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { pretokenise, untokenise } from '../../tools/pretokenise.mjs';
import * as acorn from 'acorn';
import { runInNewContext } from 'node:vm';

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
    ['var o = { m() { return c ? () => this.x : 0 } }', "'this' inside an arrow function"],
    ['var o = { m() { var self = this; return () => self.x } }', ''],
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

describe('what the shipped build does to names and texts', () => {
  it('renames variables and members a minifier may call of/static, and keeps the program working', () => {
    const src = 'var of = 2, $of = 5; var o = { of: 3, static: 4 }; class A { of() { return of } static static() { return 1 } }\n'
      + 'var s = 0; for (var x of [1, 2]) s += x; out = [of, o.of, o.static, new A().of(), A.static(), s, $of];';
    expect(checkEspruinoSubset(src, 't.js').join('\n')).toContain("'of'");
    const renamed: string = renameForbiddenNames(src);
    expect(checkEspruinoSubset(renamed, 't.js')).toEqual([]);
    expect(renamed).toContain('for (var x of [1, 2])');
    const box: { out?: number[] } = {};
    runInNewContext(renamed, box);
    expect(box.out).toEqual([2, 3, 4, 2, 1, 3, 5]);
  });

  it('drops the message of our error constructors and fail(), keeps the reason and plain Errors', () => {
    const js = 'import { ProtocolError, fail } from "./errors";\n'
      + 'throw new ProtocolError(7, "journal " + n + " is full"); fail(`bad ${x}`); new Error("kept"); other(1, "kept too");';
    const out: string = stripMessages(js, ['ProtocolError', 'fail']);
    expect(out).toContain('new ProtocolError(7, "")');
    expect(out).toContain('fail("")');
    expect(out).toContain('new Error("kept")');
    expect(out).toContain('other(1, "kept too")');
  });

  it('finds the message argument in TypeScript source: commas inside templates, calls and casts', () => {
    const ts = "fail(`at ${f(1, 'x,y')}`, 3); new ProtocolError(code as number, 'a, (b'); fail(g(1, 2));";
    expect(stripMessages(ts, ['ProtocolError', 'fail'])).toBe('fail("", 3); new ProtocolError(code as number, ""); fail("");');
  });

  it('the shipped bundle carries no protocol or storage error text', async () => {
    const code: string = await buildDevice('pixljs');
    for (const text of ['journal full', 'truncated', 'not a message of type']) expect(code).not.toContain(text);
  });

  it('keeps the Espruino API the HAL uses and the display port, shortens our own members', () => {
    const kept: Set<string> = reservedPropertyNames(process.cwd());
    for (const n of ['drawString', 'setFontAlign', 'nfcSend', 'read', 'setConsole', 'usage', 'hwRand', 'subarray', 'force']) expect(kept, n).toContain(n);
    for (const n of ['walletCounter', 'firstUnackedSeq', 'requestCounter']) expect(kept, n).not.toContain(n);
  });

  it('the flash image is the bundle pretokenised: smaller, and the same program token for token', async () => {
    const code: string = await buildDevice('pixljs');
    const image: Uint8Array = pretokenise(code);
    expect(image.length).toBeLessThan(code.length * 0.9);
    const tokens = (src: string) => [...acorn.tokenizer(src, { ecmaVersion: 2022 })].map((t) => `${t.type.label}:${(t as { value?: unknown }).value ?? ''}`);
    // The image stores a negated small integer after , ( : ? = as one signed raw byte or
    // word, which EspruinoTools' untokeniser reads back unsigned (-1 comes back as 255),
    // and atob("literal") as the decoded string.
    const asStored = (t: string[]) => {
      const out: string[] = [];
      for (let i = 0; i < t.length; i++) {
        const n = t[i + 1]?.startsWith('num:') ? Number(t[i + 1].slice(4)) : NaN;
        if (t[i] === 'name:atob' && t[i + 1] === '(:' && t[i + 2]?.startsWith('string:') && t[i + 3] === '):') {
          out.push(`string:${Buffer.from(t[i + 2].slice(7), 'base64').toString('latin1')}`);
          i += 3;
        } else if (t[i] === '+/-:-' && [',:', '(:', '?:?', '=:=', '::'].includes(out[out.length - 1]) && Number.isInteger(n) && n > 0 && n <= 32768) {
          out.push(`num:${n <= 128 ? -n & 0xff : -n & 0xffff}`);
          i++;
        } else out.push(t[i]);
      }
      return out;
    };
    expect(tokens(untokenise(image))).toEqual(asStored(tokens(code)));
  });
});
