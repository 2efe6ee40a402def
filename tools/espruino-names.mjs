// Espruino 2v29 cannot parse `of` or `static` as a variable or method name (DESIGN.md §1),
// yet a minifier may pick either when it shortens names. This renames every such
// identifier and property key in a bundle to a name the bundle does not use; the
// keyword uses (`for (x of y)`, `static m()`) are not identifiers and stay.
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';

const FORBIDDEN = ['of', 'static'];

export function renameForbiddenNames(code) {
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
