// The image a board keeps in flash: the bundle pretokenised the way the Espruino IDE's
// "Pretokenise code before upload" option does it. Keywords and operators become one
// byte and literals carry binary lengths, so the code takes ~16% less of the board's
// Storage and the interpreter skips lexing them. The tokeniser is EspruinoTools' own (the
// `espruino` package), whose token table follows the interpreter's jslex.c; it ships as
// an IDE plugin, so it is loaded here with the few host hooks it registers through.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';

const require = createRequire(import.meta.url);
let plugin = null;

function load() {
  const plugins = Object.create(null);
  const Espruino = {
    Core: {
      Config: { add() {} },
      Env: { getBoardData: () => ({ VERSION: '2v29' }) },
      Utils: { atob: (s) => Buffer.from(s, 'base64').toString('latin1'), toJSONishString: (s) => JSON.stringify(s) },
    },
    Config: { PRETOKENISE: 2 },
    addProcessor() {},
    Plugins: plugins,
  };
  const source = readFileSync(require.resolve('espruino/plugins/pretokenise.js'), 'utf8');
  runInNewContext(source, { Espruino, acorn: require('acorn'), console });
  const p = plugins.Pretokenise;
  if (!p || typeof p.tokenise !== 'function' || typeof p.untokenise !== 'function') throw new Error('espruino/plugins/pretokenise.js did not register a tokeniser');
  return p;
}

// Code in, the bytes of the tokenised image out.
export function pretokenise(code) {
  plugin ??= load();
  return Buffer.from(plugin.tokenise(code), 'latin1');
}

// The image back to source text, as the Espruino IDE shows a board's code.
export function untokenise(image) {
  plugin ??= load();
  return plugin.untokenise(Buffer.from(image).toString('latin1'));
}
