// CQL2 text filters (OGC 21-065: Basic CQL2 and the advanced comparison operators) over a layer's
// queryables: parsed once into a tree, checked against the queryables' types, then evaluated on each
// feature's properties with SQL's three-valued logic (a comparison with null is unknown, never true).

import { DAY_MS } from './time';

/** What a queryable holds, as its schema says. */
export type QueryableType = 'string' | 'number' | 'boolean' | 'date-time';

type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: string } // YYYY-MM-DD
  | { kind: 'timestamp'; value: number }; // ms since the epoch
type Scalar = Literal | { kind: 'property'; name: string; type: QueryableType };

export type Cql2 =
  | { op: 'and' | 'or'; args: Cql2[] }
  | { op: 'not'; arg: Cql2 }
  | { op: 'literal'; value: boolean }
  | { op: 'compare'; cmp: '=' | '<>' | '<' | '>' | '<=' | '>='; left: Scalar; right: Scalar }
  | { op: 'isNull'; arg: Scalar }
  | { op: 'like'; arg: Scalar; pattern: LikePattern }
  | { op: 'between'; arg: Scalar; low: Scalar; high: Scalar }
  | { op: 'in'; arg: Scalar; list: Scalar[] };

export class Cql2Error extends Error {}

interface Token {
  type: 'word' | 'quoted' | 'string' | 'number' | 'symbol';
  text: string;
  at: number; // character offset, for the message
}

const MAX_NESTING = 100; // parentheses and NOTs inside one another: far beyond what a person or GDAL writes
// A filter is tested on every feature of a layer: its size bounds the work (7,000 IN items over 14,000 cells held
// the server a minute). Far beyond a hand-written filter or QGIS's.
const MAX_PREDICATES = 100; // comparisons in one filter
const MAX_IN_ITEMS = 100; // values in one IN list
const SYMBOLS = ['<>', '<=', '>=', '=', '<', '>', '(', ')', ','];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === "'" || c === '"') {
      let text = '', j = i + 1;
      for (;;) {
        if (j >= source.length) throw new Cql2Error(`the ${c === "'" ? 'string' : 'name'} at character ${i + 1} is not closed`);
        if (source[j] === c && source[j + 1] === c) {
          text += c;
          j += 2;
        } else if (source[j] === c) break;
        else text += source[j++];
      }
      tokens.push({ type: c === "'" ? 'string' : 'quoted', text, at: i });
      i = j + 1;
      continue;
    }
    const number = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ type: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.:]*/.exec(source.slice(i));
    if (word) {
      tokens.push({ type: 'word', text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => source.startsWith(s, i));
    if (!symbol) throw new Cql2Error(`unexpected "${c}" at character ${i + 1}`);
    tokens.push({ type: 'symbol', text: symbol, at: i });
    i += symbol.length;
  }
  return tokens;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IS', 'NULL', 'LIKE', 'BETWEEN', 'IN', 'TRUE', 'FALSE', 'DATE', 'TIMESTAMP']);
const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>=']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses CQL2 text against the queryables (name → type); throws a Cql2Error that says what and where. */
export function parseCql2(source: string, queryables: Record<string, QueryableType>): Cql2 {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const where = (t = peek()) => (t ? `at character ${t.at + 1}` : 'at the end');
  const isWord = (t: Token | undefined, word: string) => t?.type === 'word' && t.text.toUpperCase() === word;
  const accept = (word: string) => (isWord(peek(), word) ? (pos += 1, true) : false);
  const expectSymbol = (symbol: string) => {
    if (peek()?.text !== symbol || peek()?.type !== 'symbol') throw new Cql2Error(`expected "${symbol}" ${where()}`);
    pos += 1;
  };

  function scalar(): Scalar {
    const t = peek();
    if (!t) throw new Cql2Error('the filter ends where a value or property was expected');
    pos += 1;
    if (t.type === 'string') return { kind: 'string', value: t.text };
    if (t.type === 'number') return { kind: 'number', value: Number(t.text) };
    if (t.type === 'quoted') return property(t);
    if (t.type === 'word') {
      const upper = t.text.toUpperCase();
      if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
      if (upper === 'DATE' || upper === 'TIMESTAMP') {
        expectSymbol('(');
        const text = peek();
        if (text?.type !== 'string') throw new Cql2Error(`${upper} needs a quoted value ${where()}`);
        pos += 1;
        expectSymbol(')');
        if (upper === 'DATE') {
          if (!DAY.test(text.text) || Number.isNaN(Date.parse(text.text))) throw new Cql2Error(`DATE('${text.text}') is not a date such as 2026-05-01`);
          return { kind: 'date', value: text.text };
        }
        if (!INSTANT.test(text.text) || Number.isNaN(Date.parse(text.text))) throw new Cql2Error(`TIMESTAMP('${text.text}') is not an RFC 3339 time such as 2026-05-01T12:00:00Z`);
        return { kind: 'timestamp', value: Date.parse(text.text) };
      }
      if (!KEYWORDS.has(upper)) return property(t);
    }
    throw new Cql2Error(`expected a value or a property ${where(t)}, not "${t.text}"`);
  }

  function property(t: Token): Scalar {
    const type = queryables[t.text];
    if (!type) throw new Cql2Error(`"${t.text}" is not a queryable of this collection (see its queryables: ${Object.keys(queryables).join(', ')})`);
    return { kind: 'property', name: t.text, type };
  }

  let predicates = 0;
  function predicate(): Cql2 {
    if (++predicates > MAX_PREDICATES) throw new Cql2Error(`the filter has more than ${MAX_PREDICATES} comparisons ${where()}`);
    const left = scalar();
    const t = peek();
    if (t?.type === 'symbol' && COMPARISONS.has(t.text)) {
      pos += 1;
      const right = scalar();
      comparable(left, right);
      return { op: 'compare', cmp: t.text as '=', left, right };
    }
    if (accept('IS')) {
      const negated = accept('NOT');
      if (!accept('NULL')) throw new Cql2Error(`expected NULL ${where()}`);
      const test: Cql2 = { op: 'isNull', arg: left };
      return negated ? { op: 'not', arg: test } : test;
    }
    const negated = accept('NOT');
    let test: Cql2;
    if (accept('LIKE')) {
      const pattern = scalar();
      if (typeOf(left) !== 'string' || pattern.kind !== 'string') throw new Cql2Error('LIKE compares a text property with a quoted pattern');
      test = { op: 'like', arg: left, pattern: likePattern(pattern.value) };
    } else if (accept('BETWEEN')) {
      const low = scalar();
      if (!accept('AND')) throw new Cql2Error(`expected AND in BETWEEN ${where()}`);
      const high = scalar();
      if (typeOf(left) !== 'number' || typeOf(low) !== 'number' || typeOf(high) !== 'number') throw new Cql2Error('BETWEEN compares numbers');
      test = { op: 'between', arg: left, low, high };
    } else if (accept('IN')) {
      expectSymbol('(');
      const list = [scalar()];
      while (peek()?.text === ',' && peek()?.type === 'symbol') {
        pos += 1;
        if (list.length === MAX_IN_ITEMS) throw new Cql2Error(`IN lists more than ${MAX_IN_ITEMS} values ${where()}`);
        list.push(scalar());
      }
      expectSymbol(')');
      for (const item of list) comparable(left, item);
      test = { op: 'in', arg: left, list };
    } else if (!negated && left.kind === 'boolean') {
      return { op: 'literal', value: left.value };
    } else {
      throw new Cql2Error(`expected a comparison (=, <>, <, >, <=, >=, IS NULL, LIKE, BETWEEN, IN) ${where()}`);
    }
    return negated ? { op: 'not', arg: test } : test;
  }

  // Parentheses and NOTs nest by recursion, here and when evaluated: bounded, so no filter can exhaust the stack.
  let depth = 0;
  const nested = <T>(at: Token, inner: () => T): T => {
    if (++depth > MAX_NESTING) throw new Cql2Error(`the filter nests deeper than ${MAX_NESTING} parentheses or NOTs ${where(at)}`);
    const result = inner();
    depth--;
    return result;
  };
  function primary(): Cql2 {
    const t = peek();
    if (t?.type === 'symbol' && t.text === '(') {
      pos += 1;
      const inner = nested(t, or);
      expectSymbol(')');
      return inner;
    }
    return predicate();
  }
  function not(): Cql2 {
    const t = peek();
    return accept('NOT') ? { op: 'not', arg: nested(t, not) } : primary();
  }
  function and(): Cql2 {
    const args = [not()];
    while (accept('AND')) args.push(not());
    return args.length === 1 ? args[0] : { op: 'and', args };
  }
  function or(): Cql2 {
    const args = [and()];
    while (accept('OR')) args.push(and());
    return args.length === 1 ? args[0] : { op: 'or', args };
  }

  if (tokens.length === 0) throw new Cql2Error('the filter is empty');
  const tree = or();
  if (pos < tokens.length) throw new Cql2Error(`unexpected "${peek().text}" ${where()}`);
  return tree;
}

/** The type a scalar compares as: a quoted RFC 3339 time counts as a time, as GDAL writes them. */
function typeOf(s: Scalar): QueryableType {
  switch (s.kind) {
    case 'property': return s.type;
    case 'date': case 'timestamp': return 'date-time';
    default: return s.kind;
  }
}

function comparable(a: Scalar, b: Scalar) {
  const [ta, tb] = [typeOf(a), typeOf(b)];
  if (ta === tb) return;
  const quotedTime = (s: Scalar, other: QueryableType) => other === 'date-time' && s.kind === 'string' && (INSTANT.test(s.value) || DAY.test(s.value)) && !Number.isNaN(Date.parse(s.value));
  if (quotedTime(a, tb) || quotedTime(b, ta)) return;
  const name = (s: Scalar) => (s.kind === 'property' ? `${s.name} (${s.type})` : `a ${typeOf(s)} value`);
  throw new Cql2Error(`cannot compare ${name(a)} with ${name(b)}`);
}

/** A LIKE pattern as characters (code points): a literal, or ANY_ONE (_) or ANY_RUN (%). */
type LikePattern = readonly (string | typeof ANY_ONE | typeof ANY_RUN)[];
const ANY_ONE = 0, ANY_RUN = 1;

/** A LIKE pattern: % any run, _ one character, \ escapes the next. */
function likePattern(pattern: string): LikePattern {
  const chars = Array.from(pattern), out: (string | 0 | 1)[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\' && i + 1 < chars.length) out.push(chars[++i]);
    else out.push(c === '%' ? ANY_RUN : c === '_' ? ANY_ONE : c);
  }
  return out;
}

/**
 * Whether `text` matches a LIKE pattern, in at most O(text × pattern) steps. Not a RegExp: a backtracking
 * engine takes exponential time on a pattern such as '%a%a%a%a%a%b' against a long run of a's, and a filter is
 * anyone's to write. Greedy with one restart point: after a %, a mismatch resumes one character further on.
 */
function likeMatches(pattern: LikePattern, value: string): boolean {
  const text = Array.from(value);
  let p = 0, t = 0, runP = -1, runT = 0;
  while (t < text.length) {
    const want = pattern[p];
    if (want === ANY_ONE || want === text[t]) { // a character (past the pattern's end, want is undefined)
      p++;
      t++;
    } else if (want === ANY_RUN) {
      runP = p++; // try the run empty first
      runT = t;
    } else if (runP >= 0) {
      p = runP + 1; // the last % takes one more character
      t = ++runT;
    } else return false;
  }
  while (pattern[p] === ANY_RUN) p++;
  return p === pattern.length;
}

type Value = string | number | boolean | null;

/** A scalar's value on these properties, in a form that compares: times as ms (or a day), the rest as they are. */
function valueOf(s: Scalar, properties: Record<string, unknown>, asTime: boolean): Value {
  if (s.kind === 'property') {
    const v = properties[s.name];
    if (v === null || v === undefined) return null;
    return s.type === 'date-time' && typeof v === 'string' ? Date.parse(v) : (v as Value);
  }
  if (s.kind === 'date') return Date.parse(`${s.value}T00:00:00Z`);
  if (s.kind === 'string' && asTime) return Date.parse(s.value);
  return s.value;
}

/** A date compares with a time by its day: DATE('2026-01-11') = newestAt means newestAt falls on that (UTC) day. */
function compareAt(cmp: string, left: Scalar, right: Scalar, properties: Record<string, unknown>): boolean | null {
  const asTime = typeOf(left) === 'date-time' || typeOf(right) === 'date-time';
  let a = valueOf(left, properties, asTime), b = valueOf(right, properties, asTime);
  if (a === null || b === null) return null;
  const day = (s: Scalar) => s.kind === 'date' || (s.kind === 'string' && asTime && DAY.test(s.value));
  if (day(left) || day(right)) {
    const floor = (ms: number) => Math.floor(ms / DAY_MS);
    [a, b] = [floor(a as number), floor(b as number)];
  }
  switch (cmp) {
    case '=': return a === b;
    case '<>': return a !== b;
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    default: return a >= b;
  }
}

/** true, false or null (unknown): a feature is selected only when its filter is true. */
export function evaluateCql2(tree: Cql2, properties: Record<string, unknown>): boolean | null {
  switch (tree.op) {
    case 'literal': return tree.value;
    case 'and': {
      let unknown = false;
      for (const arg of tree.args) {
        const v = evaluateCql2(arg, properties);
        if (v === false) return false;
        if (v === null) unknown = true;
      }
      return unknown ? null : true;
    }
    case 'or': {
      let unknown = false;
      for (const arg of tree.args) {
        const v = evaluateCql2(arg, properties);
        if (v === true) return true;
        if (v === null) unknown = true;
      }
      return unknown ? null : false;
    }
    case 'not': {
      const v = evaluateCql2(tree.arg, properties);
      return v === null ? null : !v;
    }
    case 'compare': return compareAt(tree.cmp, tree.left, tree.right, properties);
    case 'isNull': return valueOf(tree.arg, properties, false) === null;
    case 'like': {
      const v = valueOf(tree.arg, properties, false);
      return v === null ? null : likeMatches(tree.pattern, String(v));
    }
    case 'between': {
      const lo = compareAt('>=', tree.arg, tree.low, properties), hi = compareAt('<=', tree.arg, tree.high, properties);
      return lo === null || hi === null ? null : lo && hi;
    }
    case 'in': {
      let unknown = false;
      for (const item of tree.list) {
        const v = compareAt('=', tree.arg, item, properties);
        if (v === true) return true;
        if (v === null) unknown = true;
      }
      return unknown ? null : false;
    }
  }
}
