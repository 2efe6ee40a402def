// Device builds drop the message text of protocol and storage errors: the reason code
// travels on (link replies, receipts, the screen), the text only ever reached a console
// that a terminal in service does not have, and it cost ~3 KB of flash. The host build
// (bridge, ledger, simulator) keeps every message. Plain `Error`s, which mean a
// misconfigured build or board, keep theirs.
import * as esbuild from 'esbuild';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { readFile } from 'node:fs/promises';

// Callee → index of its message argument. Applied only where the name comes from our
// errors modules (imported or defined there), never to a local of the same name.
const MESSAGE_ARG = { ProtocolError: 1, StorageError: 1, fail: 0, storageFailure: 0 };
const CALLEES = Object.keys(MESSAGE_ARG);
const MENTION = new RegExp(`\\b(?:${CALLEES.join('|')})\\(`);

function ownNames(src) {
  const names = new Set();
  for (const m of src.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'[^']*\/errors'/g)) {
    for (const n of m[1].split(',')) names.add(n.trim());
  }
  for (const m of src.matchAll(/export (?:class|function) (\w+)/g)) names.add(m[1]);
  return CALLEES.filter((n) => names.has(n));
}

export function stripMessages(js, names) {
  const ast = acorn.parse(js, { ecmaVersion: 'latest', sourceType: 'module' });
  const cuts = [];
  const visit = (node) => {
    if (node.callee.type !== 'Identifier' || !names.includes(node.callee.name)) return;
    const arg = node.arguments[MESSAGE_ARG[node.callee.name]];
    if (arg && !(arg.type === 'Literal' && arg.value === '')) cuts.push(arg);
  };
  walk.simple(ast, { CallExpression: visit, NewExpression: visit });
  let out = js;
  for (const a of cuts.sort((x, y) => y.start - x.start)) out = out.slice(0, a.start) + '""' + out.slice(a.end);
  return out;
}

export const stripMessagesPlugin = {
  name: 'strip-error-messages',
  setup(build) {
    build.onLoad({ filter: /[\\/](protocol|firmware|hal)[\\/].*\.ts$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8');
      if (!MENTION.test(src)) return undefined;
      const names = ownNames(src);
      if (names.length === 0) return undefined;
      const { code } = await esbuild.transform(src, {
        loader: 'ts', format: 'esm', target: 'esnext', sourcefile: args.path,
        tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, verbatimModuleSyntax: true } },
      });
      return { contents: stripMessages(code, names), loader: 'js' };
    });
  },
};
