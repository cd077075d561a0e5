/**
 * No code is ever built from user input (issue point 6): a static scan of engine/, adapters/ and
 * reports/ with the TypeScript parser for everything that turns a string into code:
 * - `eval`, `Function` / `new Function`, string timers, node:vm, and worker threads started
 *   from source (`new Worker(src, { eval: true })`);
 * - arquero verbs given expression strings (`derive({ x: 'd => ...' })`, `.filter('...')`,
 *   `rollup`, `join`s, `impute`): arquero parses those into functions (`escape(fn)` is not parsed);
 * - Vega expressions (`expr`, `labelExpr`, `test`, `calculate`, `filter`) assembled with `${}` or
 *   `+`: vega compiles them into functions in the page and in the headless renderer.
 * Each one found must be on the allow-list below, with the reason it cannot carry user text; a
 * new one fails this test until someone looks at it, and an entry nothing matches any more fails
 * too, so the list stays true.
 *
 * Run time: about 3 s.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

type Kind = 'eval' | 'function-constructor' | 'string-timer' | 'vm' | 'worker-eval' | 'arquero-expression' | 'vega-expression';

interface Finding {
  file: string;
  line: number;
  kind: Kind;
  /** The construct's source, whitespace collapsed. */
  text: string;
}

interface Allowed {
  file: string;
  kind: Kind;
  text: string;
  reason: string;
}

const ALLOWED: Allowed[] = [
  {
    file: 'reports/png-pool.ts', kind: 'worker-eval', text: 'new Worker(WORKER_SOURCE, { eval: true, workerData: { resvg: this.resvg } })',
    reason: 'WORKER_SOURCE is a constant of that file; SVGs reach the worker as messages, as data, never as code',
  },
  {
    file: 'engine/infer/regex-probe.ts', kind: 'worker-eval', text: 'new Worker(PROBE_WORKER, { eval: true, workerData: { patterns, texts, shared } })',
    reason: 'PROBE_WORKER is a constant of that file (no ${}); the playbook\'s patterns reach it as workerData and are compiled with new RegExp, as data, never run as code',
  },
  {
    file: 'reports/tables.ts', kind: 'arquero-expression', text: "{ rank: '() => op.row_number()' }",
    reason: 'a constant expression: plans.csv numbers its rows; nothing is interpolated',
  },
  {
    file: 'reports/tables.ts', kind: 'arquero-expression', text: "{ share: 'd => op.sum(d.count) > 0 ? op.round(d.count / op.sum(d.count) * 10000) / 10000 : 0' }",
    reason: 'a constant expression over the count column: actions.csv shares; nothing is interpolated',
  },
  {
    file: 'reports/charts/monthly-cost.ts', kind: 'vega-expression',
    text: "`[utcFormat(datum.value, '%b'), utcmonth(datum.value) == 0 || time(datum.value) == ${first} ? utcFormat(datum.value, '%Y') : '']`",
    reason: '`first` is a number (Date.parse of the first YYYY-MM month, 0 without one)',
  },
  {
    file: 'reports/charts/theme.ts', kind: 'vega-expression',
    text: "`[utcFormat(datum.value, '%b'), utcmonth(datum.value) == 0 || time(datum.value) == ${first} ? utcFormat(datum.value, '%Y') : '']`",
    reason: '`first` is a number (Date.parse of the first YYYY-MM month, 0 without one)',
  },
  {
    file: 'reports/charts/cost-by-tag.ts', kind: 'vega-expression', text: '`datum.usd > ${cents(max * 0.55)}`',
    reason: 'a number: 55 % of the panel\'s largest amount, rounded to cents',
  },
];

const ROOTS = ['engine', 'adapters', 'reports'];
const ARQUERO_EXPRESSION_VERBS = new Set(['derive', 'rollup', 'filter', 'join', 'semijoin', 'antijoin', 'impute']);
const JOIN_VERBS = new Set(['join', 'semijoin', 'antijoin']);
const VEGA_EXPRESSION_KEYS = new Set(['expr', 'labelExpr', 'test', 'calculate', 'filter']);
const VM_CALLS = new Set(['runInContext', 'runInNewContext', 'runInThisContext', 'compileFunction']);

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Text that is a string, or is built into one (`'a' + x`, `${x}`). */
function isStringy(node: ts.Node): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) return true;
  if (ts.isParenthesizedExpression(node)) return isStringy(node.expression);
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && (isStringy(node.left) || isStringy(node.right));
}

/** A string assembled at run time: a template with `${}`, or a concatenation. */
function isBuilt(node: ts.Node): boolean {
  if (ts.isTemplateExpression(node)) return true;
  if (ts.isParenthesizedExpression(node)) return isBuilt(node.expression);
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && isStringy(node);
}

const calleeName = (e: ts.Expression): string | undefined =>
  ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;

/** Everything in one source file that turns a string into code. */
export function scan(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Finding[] = [];
  const add = (node: ts.Node, kind: Kind) =>
    out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, kind, text: squash(node.getText(sf)) });
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = calleeName(node.expression);
      const args = node.arguments ?? ts.factory.createNodeArray();
      if (name === 'eval') add(node, 'eval');
      else if (name === 'Function') add(node, 'function-constructor');
      else if ((name === 'setTimeout' || name === 'setInterval' || name === 'setImmediate') && args[0] && isStringy(args[0])) add(node, 'string-timer');
      else if (name && VM_CALLS.has(name)) add(node, 'vm');
      else if (ts.isNewExpression(node) && name === 'Script') add(node, 'vm');
      else if (ts.isNewExpression(node) && name === 'Worker') {
        const options = args[1];
        const evalTrue = options && ts.isObjectLiteralExpression(options) && options.properties.some((p) =>
          ts.isPropertyAssignment(p) && p.name.getText(sf) === 'eval' && p.initializer.kind !== ts.SyntaxKind.FalseKeyword);
        if (evalTrue || (options && !ts.isObjectLiteralExpression(options))) add(node, 'worker-eval');
      } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && name && ARQUERO_EXPRESSION_VERBS.has(name)) {
        // derive, rollup, filter, impute: the values are the first argument (the second holds
        // options); joins take the other table first, then the predicate and values (an array's
        // join takes a lone separator, never two arguments).
        const join = JOIN_VERBS.has(name);
        const values = join ? (args.length >= 2 ? args.slice(1, 3) : []) : args.slice(0, 1);
        for (const arg of values) {
          if (isStringy(arg)) add(arg, 'arquero-expression');
          else if (ts.isObjectLiteralExpression(arg) && arg.properties.some((p) => ts.isPropertyAssignment(p) && isStringy(p.initializer))) add(arg, 'arquero-expression');
        }
      }
    }
    if (ts.isPropertyAssignment(node) && VEGA_EXPRESSION_KEYS.has(node.name.getText(sf).replace(/['"]/g, '')) && isBuilt(node.initializer)) {
      add(node.initializer, 'vega-expression');
    }
    // `const labelExpr = `...${x}...`` handed to a vega key by shorthand.
    if (ts.isVariableDeclaration(node) && node.initializer && VEGA_EXPRESSION_KEYS.has(node.name.getText(sf)) && isBuilt(node.initializer)) {
      add(node.initializer, 'vega-expression');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('the scanner', () => {
  it('finds every way of turning a string into code', () => {
    const found = scan('x.ts', [
      'eval(text);',
      'globalThis.eval(text);',
      "new Function('a', body);",
      'Function(body)();',
      "setTimeout('alert(1)', 10);",
      'vm.runInNewContext(code, {});',
      'new vm.Script(code);',
      'new Worker(code, { eval: true });',
      'new Worker(code, options);',
      "table.derive({ x: 'd => d.a' });",
      'table.derive({ x: `d => d.${column}` });',
      "table.filter('d => d.a > 1');",
      "table.rollup({ n: 'd => op.count()' });",
      "left.join(right, 'a.id === b.id');",
      'const spec = { transform: [{ calculate: `datum.a + ${n}` }], encoding: { color: { condition: { test: "datum.x > " + limit } } } };',
      'const labelExpr = `split(${label})`;',
    ].join('\n'));
    expect(found.map((f) => [f.line, f.kind])).toEqual([
      [1, 'eval'], [2, 'eval'], [3, 'function-constructor'], [4, 'function-constructor'], [5, 'string-timer'], [6, 'vm'], [7, 'vm'],
      [8, 'worker-eval'], [9, 'worker-eval'], [10, 'arquero-expression'], [11, 'arquero-expression'], [12, 'arquero-expression'],
      [13, 'arquero-expression'], [14, 'arquero-expression'], [15, 'vega-expression'], [15, 'vega-expression'], [16, 'vega-expression'],
    ]);
  });

  it('leaves alone what is not code: array filters, functions, escape(), constant vega expressions, eval as a word', () => {
    expect(scan('x.ts', [
      'list.filter((x) => x > 1);',
      "words.join(' ');",
      "table.derive({ n: (d) => d.a }, { before: 'id' });",
      'table.derive({ x: escape((d) => d.a) });',
      'table.derive({ x: (d) => d.a });',
      "const layer = { transform: [{ filter: \"datum.label != ''\" }] };",
      'new Worker(file, { eval: false });',
      'const evaluation = evaluate(x); // eval( in a comment',
      "const s = 'new Function(x)';",
    ].join('\n'))).toEqual([]);
  });
});

describe('engine/, adapters/ and reports/ build no code from strings', () => {
  it('outside the allow-list, each entry with its reason', () => {
    const found = ROOTS.flatMap((root) => sources(root).map((file) => scan(file, readFileSync(file, 'utf8')))).flat();
    const allowed = (f: Finding) => ALLOWED.find((a) => a.file === f.file && a.kind === f.kind && a.text === f.text);
    const unexpected = found.filter((f) => !allowed(f));
    expect(unexpected, 'code built from a string: make it not depend on user input and allow-list it here with the reason, or remove it').toEqual([]);
    const unused = ALLOWED.filter((a) => !found.some((f) => allowed(f) === a));
    expect(unused, 'allow-list entries nothing matches any more: remove them').toEqual([]);
    for (const a of ALLOWED) expect(a.reason.length, `${a.file}: a reason`).toBeGreaterThan(20);
  });
});
