// CQL2 filters are anyone's to write: LIKE (% any run, _ one character, \ escapes) is matched without a
// backtracking RegExp, so no pattern can hold the server's one thread (a RegExp took 4.8 s on '%a%a%a%a%a%a%b'
// against 60 a's), and nesting is bounded, so none can exhaust the stack (5,000 parentheses did: a 500).
import { describe, expect, it } from 'vitest';
import { Cql2Error, evaluateCql2, parseCql2 } from '../../server/domain/cql2';
import { mulberry32 } from '../../server/domain/coverage/random';

const like = (pattern: string, name: string | null) => evaluateCql2(parseCql2(`name LIKE '${pattern.replaceAll("'", "''")}'`, { name: 'string' }), { name });

/** The same pattern as an anchored regular expression: the reference the matcher must agree with on short inputs. */
function reference(pattern: string, text: string): boolean {
  let re = '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (c === '\\' && i + 1 < chars.length) re += literal(chars[++i]);
    else re += c === '%' ? '.*' : c === '_' ? '.' : literal(c);
  }
  return new RegExp(`^${re}$`, 'su').test(text);
}

describe('CQL2 LIKE', () => {
  it('when the pattern has runs, single characters and escapes, then it matches as SQL does', () => {
    expect(like('King%', 'King Street West')).toBe(true);
    expect(like('King%', 'Old King Street')).toBe(false);
    expect(like('%Street%', 'King Street West')).toBe(true);
    expect(like('K_ng%', 'Kong Street')).toBe(true);
    expect(like('K_ng', 'Kiing')).toBe(false);
    expect(like('100\\%', '100%')).toBe(true);
    expect(like('100\\%', '1000')).toBe(false);
    expect(like('a\\_b', 'a_b')).toBe(true);
    expect(like('a\\_b', 'axb')).toBe(false);
    expect(like('%', '')).toBe(true);
    expect(like('_', '')).toBe(false);
    expect(like('%%a%%', 'bab')).toBe(true);
    expect(like('Caf_', 'Café')).toBe(true); // one character, however it is encoded
    expect(like('_x', '😀x')).toBe(true);
    expect(like('%', null)).toBeNull(); // unknown, as every comparison with null
  });

  it('when patterns and texts are drawn at random, then it agrees with a regular expression every time', () => {
    const random = mulberry32(2026);
    const pick = (alphabet: string, max: number) => Array.from({ length: Math.floor(random() * (max + 1)) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    let matched = 0;
    for (let k = 0; k < 3000; k++) {
      const pattern = pick('ab%_\\', 7), text = pick('ab%_\\', 9);
      const expected = reference(pattern, text);
      if (expected) matched++;
      expect(like(pattern, text), `${pattern} on ${text}`).toBe(expected);
    }
    expect(matched).toBeGreaterThan(200); // the draw exercises matches as well as misses
  });

  it('when a pattern would make a backtracking engine explode, then the answer still comes', () => {
    const text = 'a'.repeat(20_000);
    expect(like('%a'.repeat(40) + '%b', text)).toBe(false);
    expect(like('%a'.repeat(40) + '%', text)).toBe(true);
  });
});

describe('CQL2 nesting', () => {
  const parse = (cql: string) => parseCql2(cql, { name: 'string' });
  const wrapped = (n: number) => `${'('.repeat(n)}name = 'a'${')'.repeat(n)}`;

  it('when parentheses or NOTs nest up to 100 deep, then the filter works; one more, and it is refused by name', () => {
    expect(evaluateCql2(parse(wrapped(100)), { name: 'a' })).toBe(true);
    expect(evaluateCql2(parse(`${'NOT '.repeat(100)}name = 'a'`), { name: 'a' })).toBe(true); // an even count
    expect(evaluateCql2(parse(`${'NOT ('.repeat(50)}name = 'a'${')'.repeat(50)}`), { name: 'a' })).toBe(true);
    expect(() => parse(wrapped(101))).toThrow(new Cql2Error('the filter nests deeper than 100 parentheses or NOTs at character 101'));
    expect(() => parse(`${'NOT '.repeat(101)}name = 'a'`)).toThrow(/nests deeper than 100 .* at character 401$/);
    expect(() => parse(`${'NOT ('.repeat(51)}name = 'a'${')'.repeat(51)}`)).toThrow(Cql2Error);
  });

  it('when a quoted "(", a ")" or the end of the filter stands where a group could open, then none is taken for one', () => {
    expect(evaluateCql2(parse("'(' = name"), { name: '(' })).toBe(true);
    expect(() => parse(") name = 'a')")).toThrow(new Cql2Error('expected a value or a property at character 1, not ")"'));
    expect(() => parse("name = 'a' AND")).toThrow(new Cql2Error('the filter ends where a value or property was expected'));
  });

  it('when many groups stand side by side, then only their depth counts, not their number', () => {
    const groups = Array.from({ length: 100 }, () => "(NOT (name = 'b'))").join(' AND '); // 100 groups, each 2 deep
    expect(evaluateCql2(parse(groups), { name: 'a' })).toBe(true);
    expect(evaluateCql2(parse(groups), { name: 'b' })).toBe(false);
  });
});

describe('CQL2 size', () => {
  const parse = (cql: string) => parseCql2(cql, { name: 'string', rank: 'number' });

  it('when an IN list has 100 values it works; with 101 it is refused by name (7,000 held the server a minute)', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => i).join(',');
    expect(evaluateCql2(parse(`rank IN (${values(100)})`), { rank: 99 })).toBe(true);
    expect(evaluateCql2(parse(`rank IN (${values(100)})`), { rank: 100 })).toBe(false);
    expect(() => parse(`rank IN (${values(101)})`)).toThrow(new Cql2Error(`IN lists more than 100 values at character ${`rank IN (${values(100)},`.length + 1}`));
  });

  it('when a filter has 100 comparisons it works; with 101 it is refused by name', () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => `rank = ${i}`).join(' OR ');
    expect(evaluateCql2(parse(chain(100)), { rank: 99 })).toBe(true);
    expect(() => parse(chain(101))).toThrow(/^the filter has more than 100 comparisons at character \d+$/);
    expect(() => parse(`${chain(50)} AND (${chain(51)})`)).toThrow(Cql2Error); // counted across groups
    expect(evaluateCql2(parse(`rank BETWEEN 1 AND 5 AND name IS NOT NULL AND name LIKE 'a%'`), { rank: 2, name: 'ab' })).toBe(true);
  });
});
