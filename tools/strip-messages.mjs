// Device builds drop the message text of protocol and storage errors: the reason code
// travels on (link replies, receipts, the screen), the text only ever reached a console
// that a terminal in service does not have, and it cost ~3 KB of flash. The host build
// (bridge, ledger, simulator) keeps every message. Plain `Error`s, which mean a
// misconfigured build or board, keep theirs.
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

// Index just past the string or template literal opening at `i` (templates may nest
// `${...}` holding further literals).
function skipLiteral(src, i) {
  const q = src[i];
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === q) return j + 1;
    else if (q === '`' && src[j] === '$' && src[j + 1] === '{') j = skipBalanced(src, j + 1) - 1;
  }
  throw new Error('unterminated literal');
}

// Index just past the bracket group opening at `i`.
function skipBalanced(src, i) {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === '"' || c === "'" || c === '`') j = skipLiteral(src, j) - 1;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') { if (--depth === 0) return j + 1; }
  }
  throw new Error('unbalanced brackets');
}

// [start, end) of each top-level argument of the call whose '(' is at `open`.
function callArguments(src, open) {
  const args = [];
  let from = open + 1;
  let depth = 0;
  for (let j = open + 1; j < src.length; j++) {
    const c = src[j];
    if (c === '"' || c === "'" || c === '`') j = skipLiteral(src, j) - 1;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (depth === 0 && (c === ',' || c === ')')) {
      args.push([from, j]);
      if (c === ')') return args;
      from = j + 1;
    }
  }
  throw new Error('unterminated call');
}

// Works on TypeScript source (the device build keeps its `ts` loader, so that enums are
// still inlined across modules). Comments are not scanned: a call inside one would be
// rewritten harmlessly.
export function stripMessages(src, names) {
  const call = new RegExp(`\\b(${names.join('|')})\\s*\\(`, 'g');
  const cuts = [];
  for (const m of src.matchAll(call)) {
    if (/(?:function|class)\s+$/.test(src.slice(Math.max(0, m.index - 12), m.index))) continue;
    const open = m.index + m[0].length - 1;
    const arg = callArguments(src, open)[MESSAGE_ARG[m[1]]];
    if (!arg) continue;
    const raw = src.slice(arg[0], arg[1]);
    const text = raw.trim();
    const from = arg[0] + raw.indexOf(text);
    if (text !== '' && text !== '""' && text !== "''") cuts.push([from, from + text.length]);
  }
  let out = src;
  for (const [a, b] of cuts.sort((x, y) => y[0] - x[0])) out = out.slice(0, a) + '""' + out.slice(b);
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
      return { contents: stripMessages(src, names), loader: 'ts' };
    });
  },
};
