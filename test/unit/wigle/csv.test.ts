// The incremental RFC 4180 reader: quoting rules, line ends, and the same records however the text is cut.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCsvReader, CsvLimitError, type CsvRecord } from '../../../server/domain/wigle/csv';

const read = (...chunks: string[]): CsvRecord[] => {
  const reader = createCsvReader();
  return [...chunks.flatMap((c) => reader.push(c)), ...reader.end()];
};
const fields = (records: CsvRecord[]) => records.map((r) => r.fields);

describe('incremental CSV (RFC 4180)', () => {
  it('when fields are quoted, then commas, doubled quotes and line breaks inside them are data', () => {
    expect(fields(read('a,"b,c","say ""hi""","two\nlines",e\n'))).toEqual([['a', 'b,c', 'say "hi"', 'two\nlines', 'e']]);
  });

  it('when lines end in \\n, \\r\\n or \\r, then each ends a record; blank lines are skipped', () => {
    expect(fields(read('a,b\r\nc,d\ne,f\rg,h\n\n\r\n'))).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]);
  });

  it('when the last line has no line break, then end() still returns it, flagged (its last field may be cut short)', () => {
    expect(read('a,b\nc,d')).toEqual([{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', 'd'], noLineBreak: true }]);
    expect(read('a,b\nc,"d"')[1]).toEqual({ line: 2, fields: ['c', 'd'], noLineBreak: true });
    expect(read('a,b\nc,d\n')[1]).toEqual({ line: 2, fields: ['c', 'd'] });
    expect(read('a,b\r\nc,d\r')[1]).toEqual({ line: 2, fields: ['c', 'd'] });
  });

  it('when a quoted field spans lines, then the next record knows its own physical line', () => {
    const records = read('h1,h2\n"x\ny",1\nz,2\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('when empty fields and trailing commas appear, then they are empty strings', () => {
    expect(fields(read(',a,,\n'))).toEqual([['', 'a', '', '']]);
  });

  it('when the input ends inside a quoted field, then that record is flagged unterminated', () => {
    const records = read('a,"never closed\nb,c');
    expect(records).toEqual([{ line: 1, fields: ['a', 'never closed\nb,c'], unterminated: true }]);
  });

  it('when a quote appears inside an unquoted field, then it is kept as a character (lenient)', () => {
    expect(fields(read('5" disk,x\n'))).toEqual([['5" disk', 'x']]);
  });

  it('when a CRLF is split between two chunks, then it ends one record, not two', () => {
    expect(fields(read('a,b\r', '\nc,d\r\n'))).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('when the same text is cut into chunks anywhere, then the records are the same (seeded property)', () => {
    const cell = fc.oneof(fc.constantFrom('', 'a', 'b c', ',', '"', '""', '\n', '\r\n', 'é', '😀'), fc.string({ maxLength: 5 }));
    const quote = (s: string) => (/[",\r\n]/.test(s) || s === '' ? `"${s.replaceAll('"', '""')}"` : s);
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (rows, cuts, eol) => {
        const text = rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, i, all) => text.slice(p, all[i + 1] ?? text.length));
        expect(read(...chunks)).toEqual(read(text));
        expect(fields(read(text))).toEqual(rows);
      }),
      { seed: 20_260_506, numRuns: 300 },
    );
  });

  describe('caps (issue 11, item 7)', () => {
    const capped = (...chunks: string[]) => {
      const reader = createCsvReader({ maxRecordChars: 10, maxFields: 3 });
      return [...chunks.flatMap((c) => reader.push(c)), ...reader.end()];
    };

    it('when every record is within the caps, then they are read as without caps', () => {
      expect(fields(capped('abcdefghi\n', 'a,b,c\n', '"x\ny",z\r\n', '1234567890\n'))).toEqual([['abcdefghi'], ['a', 'b', 'c'], ['x\ny', 'z'], ['1234567890']]);
    });

    it('when a record is one character over, even cut across chunks or inside quotes, then CsvLimitError names its line', () => {
      const over = (...chunks: string[]) => {
        try {
          capped(...chunks);
        } catch (err) {
          return err instanceof CsvLimitError ? [err.limit, err.line, err.message] : err;
        }
        return 'no error';
      };
      expect(over('ok\n12345678901\n')).toEqual(['record', 2, 'line 2 is longer than 10 characters']);
      expect(over('ok\n123456', '78901')).toEqual(['record', 2, 'line 2 is longer than 10 characters']);
      expect(over('ok\n"12345', '6789"0\n')).toEqual(['record', 2, 'line 2 is longer than 10 characters']);
      expect(over('"a\nb"\n123456789', '01')).toEqual(['record', 3, 'line 3 is longer than 10 characters']);
      expect(over('ok\r', '\n1234567890\n')).toBe('no error'); // a CRLF split across chunks is no part of the next record
      expect(over('a,b,c,d\n')).toEqual(['fields', 1, 'line 1 has more than 3 fields']);
    });

    it('when one endless line streams in, then the reader stops within the cap plus one chunk', () => {
      const reader = createCsvReader({ maxRecordChars: 4_096 });
      const chunk = ','.repeat(1_000) + 'x'.repeat(1_000);
      let consumed = 0;
      expect(() => {
        for (let k = 0; k < 25_000; k += 1) { // 50 MB if it were all read
          consumed += chunk.length;
          reader.push(chunk);
        }
      }).toThrow(CsvLimitError);
      expect(consumed).toBeLessThanOrEqual(4_096 + chunk.length);
    });
  });
});
