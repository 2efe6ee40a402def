// Espruino 2v29 cannot parse `of` or `static` as a variable or method name (DESIGN.md §1),
// yet a minifier may pick either when it shortens names. This renames every such
// identifier and property key in a bundle to a name the bundle does not use; the
// keyword uses (`for (x of y)`, `static m()`) are not identifiers and stay.
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';

const FORBIDDEN = ['of', 'static'];

// The reservation tools/espruino-globals.js injects into a top-level build, removed.
function dropReservation(code) {
  const ast = acorn.parse(code, { ecmaVersion: 2022, sourceType: 'script' });
  let cut = null;
  walk.ancestor(ast, {
    CallExpression(node, _state, ancestors) {
      if (node.callee.type !== 'Identifier' || node.callee.name !== '__kerbReserved') return;
      const parent = ancestors[ancestors.length - 2];
      if (parent.type === 'ExpressionStatement') cut = [parent.start, parent.end];
      else if (parent.type === 'SequenceExpression') {
        const i = parent.expressions.indexOf(node);
        cut = i < parent.expressions.length - 1 ? [node.start, parent.expressions[i + 1].start] : [parent.expressions[i - 1].end, node.end];
      } else throw new Error(`__kerbReserved in an unexpected place (${parent.type})`);
    },
  });
  if (!cut) throw new Error('top-level device build lacks its __kerbReserved reservation');
  return code.slice(0, cut[0]) + code.slice(cut[1]);
}

export function renameForbiddenNames(input, topLevel = false) {
  const code = topLevel ? dropReservation(input) : input;
  if (!/\b(?:of|static)\b/.test(code)) return code;
  const ast = acorn.parse(code, { ecmaVersion: 2022, sourceType: 'script' });
  const spots = [];
  const take = (node) => {
    if (node && node.type === 'Identifier' && FORBIDDEN.includes(node.name)) spots.push(node);
  };
  walk.full(ast, (node) => {
    if (node.type === 'Identifier') take(node);
    else if ((node.type === 'Property' || node.type === 'MethodDefinition' || node.type === 'PropertyDefinition') && !node.computed) take(node.key);
    else if (node.type === 'MemberExpression' && !node.computed) take(node.property);
  });
  if (spots.length === 0) return code;
  const fresh = {};
  for (const name of FORBIDDEN) {
    let n = `$${name}`;
    while (new RegExp(`(?<![\\w$])${n.replace('$', '\\$')}(?![\\w$])`).test(code)) n = `$${n}`;
    fresh[name] = n;
  }
  const seen = new Set();
  let out = code;
  for (const s of spots.sort((a, b) => b.start - a.start)) {
    if (seen.has(s.start)) continue; // shorthand properties walk their key and value, one node
    seen.add(s.start);
    out = out.slice(0, s.start) + fresh[s.name] + out.slice(s.end);
  }
  return out;
}
