// Checks that a device bundle stays inside the JavaScript subset Espruino 2v29 runs
// natively (DESIGN.md §1). esbuild's `supported` flags catch most syntax at build time;
// this parse-and-walk catches what esbuild lets through or emits itself (helpers,
// missing built-ins, identifiers Espruino cannot parse, the shared `let` binding trap).
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';

const MISSING_GLOBALS = new Set([
  'BigInt', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Symbol', 'Proxy', 'Reflect',
  'TextEncoder', 'TextDecoder', 'BigInt64Array', 'BigUint64Array', 'FinalizationRegistry',
  'globalThis', 'queueMicrotask', 'structuredClone', 'Intl',
]);
const MISSING_STATICS = {
  Math: ['imul', 'trunc', 'clz32', 'fround', 'sign', 'cbrt', 'log2', 'log10', 'hypot', 'expm1', 'log1p'],
  Array: ['from', 'of'],
  Number: ['isInteger', 'isSafeInteger', 'EPSILON', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER'],
  Object: ['freeze', 'isFrozen', 'seal', 'isSealed', 'getOwnPropertySymbols', 'fromEntries', 'entries'],
  String: ['raw'],
  Promise: ['allSettled', 'any', 'race'],
};
// Instance methods Espruino 2v29 lacks; a property of ours by one of these names is
// flagged too, which is cheaper than guessing types.
const MISSING_METHODS = new Set(['padStart', 'padEnd', 'flat', 'flatMap', 'replaceAll', 'matchAll', 'trimStart', 'trimEnd', 'at', 'findLast', 'findLastIndex', 'toSorted', 'toReversed']);
const RESERVED_IDENTIFIERS = new Set(['of', 'static']);
const BUILTIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'InternalError']);

export function checkEspruinoSubset(code, file = 'bundle') {
  const problems = [];
  const where = (node) => {
    const { line, column } = node.loc.start;
    return `${file}:${line}:${column + 1}`;
  };
  const report = (node, what) => problems.push(`${where(node)}: ${what}`);

  let ast;
  try {
    ast = acorn.parse(code, { ecmaVersion: 2022, sourceType: 'script', locations: true });
  } catch (e) {
    return [`${file}: does not parse as an ES2022 script: ${e.message}`];
  }

  walk.fullAncestor(ast, (node, _state, ancestors) => {
    switch (node.type) {
      case 'ObjectPattern':
      case 'ArrayPattern':
        report(node, 'destructuring (Espruino has none)');
        break;
      case 'RestElement':
        report(node, 'rest parameter or element');
        break;
      case 'SpreadElement':
        report(node, 'spread (f(...a), [...a], {...o})');
        break;
      case 'AssignmentPattern':
        report(node, 'default parameter value');
        break;
      case 'LabeledStatement':
        report(node, 'label');
        break;
      case 'TaggedTemplateExpression':
        report(node, 'tagged template');
        break;
      case 'ChainExpression':
        report(node, 'optional chaining ?.');
        break;
      case 'AwaitExpression':
        report(node, 'await');
        break;
      case 'YieldExpression':
        report(node, 'yield');
        break;
      case 'ImportExpression':
        report(node, 'dynamic import()');
        break;
      case 'Property':
        if (node.computed) report(node, 'computed property key {[k]: v}');
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        if (node.superClass && node.superClass.type === 'Identifier' && BUILTIN_ERRORS.has(node.superClass.name)) {
          report(node, `class extending ${node.superClass.name} (super() fails on Espruino's built-in errors)`);
        }
        break;
      case 'PropertyDefinition':
        report(node, 'class field (initialisers are shared between instances on Espruino)');
        break;
      case 'StaticBlock':
        report(node, 'class static block');
        break;
      case 'ThisExpression': {
        // Espruino 2v29 asserts (jsvHasChildren) when it skips an arrow function that uses
        // `this` in a branch it does not take (measured: ternary, &&, brace-less if).
        let i = ancestors.length - 2;
        while (i >= 0 && !/Function/.test(ancestors[i].type)) i--;
        if (i >= 0 && ancestors[i].type === 'ArrowFunctionExpression') report(node, "'this' inside an arrow function (Espruino 2v29 can abort when it skips one)");
        break;
      }
      case 'PrivateIdentifier':
        report(node, 'private class member #x');
        break;
      case 'BinaryExpression':
        if (node.operator === '**') report(node, 'exponent operator **');
        break;
      case 'AssignmentExpression':
        if (node.operator === '**=' || node.operator === '&&=' || node.operator === '||=' || node.operator === '??=') {
          report(node, `operator ${node.operator}`);
        }
        break;
      case 'Literal':
        if (typeof node.bigint === 'string') report(node, 'BigInt literal');
        if (node.regex && /[suy]/.test(node.regex.flags)) report(node, `regexp flag /${node.regex.flags}`);
        break;
      case 'Identifier': {
        const parent = ancestors[ancestors.length - 2];
        const isPropertyName = parent && ((parent.type === 'MemberExpression' && parent.property === node && !parent.computed)
          || (parent.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand)
          || (parent.type === 'MethodDefinition' && parent.key === node));
        if (!isPropertyName) {
          if (RESERVED_IDENTIFIERS.has(node.name)) report(node, `identifier '${node.name}' (Espruino cannot parse it as a name)`);
          if (MISSING_GLOBALS.has(node.name)) report(node, `${node.name} (not in Espruino)`);
        }
        break;
      }
      case 'MemberExpression': {
        if (!node.computed && node.property.type === 'Identifier' && MISSING_METHODS.has(node.property.name)) {
          report(node, `.${node.property.name} (not in Espruino)`);
        }
        if (node.object.type === 'Identifier' && !node.computed && node.property.type === 'Identifier') {
          const missing = MISSING_STATICS[node.object.name];
          if (missing && missing.includes(node.property.name)) report(node, `${node.object.name}.${node.property.name} (not in Espruino)`);
        }
        break;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.generator) report(node, 'generator function');
        if (node.async) report(node, 'async function');
        break;
      case 'ForOfStatement':
        if (node.await) report(node, 'for await');
        break;
      case 'ForStatement':
        if (node.init && node.init.type === 'VariableDeclaration' && node.init.kind !== 'var' && containsClosure(node.body)) {
          report(node, `'${node.init.kind}' loop variable captured by a closure (Espruino shares one binding across iterations)`);
        }
        break;
      default:
        break;
    }
  });
  checkHoisting(ast, report);
  return problems;
}

function containsClosure(node) {
  let found = false;
  walk.full(node, (n) => {
    if (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration') found = true;
  });
  return found;
}

// Espruino defines a function declaration only when execution reaches it, so a call
// that runs earlier in the same body fails. Flag direct (non-nested) uses before the
// declaration's position within each function body or program.
function checkHoisting(ast, report) {
  const bodies = [];
  walk.full(ast, (n) => {
    if (n.type === 'Program') bodies.push(n.body);
    if ((n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') && n.body.type === 'BlockStatement') bodies.push(n.body.body);
  });
  for (const statements of bodies) {
    const declaredAt = new Map();
    statements.forEach((s, i) => {
      if (s.type === 'FunctionDeclaration' && s.id) declaredAt.set(s.id.name, i);
    });
    if (declaredAt.size === 0) continue;
    statements.forEach((s, i) => {
      if (s.type === 'FunctionDeclaration') return;
      walkOutsideFunctions(s, (id) => {
        const at = declaredAt.get(id.name);
        if (at !== undefined && at > i) report(id, `'${id.name}' used before its function declaration (Espruino does not hoist functions)`);
      });
    });
  }
}

function walkOutsideFunctions(node, onIdentifier) {
  walk.recursive(node, null, {
    Function() {},
    Identifier(n) { onIdentifier(n); },
  });
}
