// RFC 4180 CSV read incrementally: push text as it arrives, get back the records it completed.
// Quoted fields may hold commas, doubled quotes and line breaks; lines end in \n or \r\n (or \r).
// Never one giant string split: a 100k-row file streams through in chunks. Optional caps on a
// record's length and its field count stop a hostile file (one endless line, 10,000 columns) while
// it streams: the reader holds at most the cap plus one chunk, never the whole record.

export interface CsvRecord {
  line: number; // physical line (1-based) the record starts on
  fields: string[];
  unterminated?: true; // the input ended inside a quoted field
  noLineBreak?: true; // the input ended right after this record, without a line break: its last field may be cut short
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

export interface CsvLimits {
  maxRecordChars?: number; // characters (UTF-16 code units) in one record, its line breaks and quotes included
  maxFields?: number; // fields in one record
}

/** A record (or, for a caller's own check, one field) passed a cap; `line` is the physical line it starts on. */
export class CsvLimitError extends Error {
  constructor(readonly line: number, readonly limit: 'record' | 'fields' | 'field', message: string) {
    super(message);
  }
}

export interface CsvReader {
  push(text: string): CsvRecord[];
  /** Flushes the last record (one without a final line break). */
  end(): CsvRecord[];
}

export function createCsvReader({ maxRecordChars = Infinity, maxFields = Infinity }: CsvLimits = {}): CsvReader {
  let fields: string[] = [];
  let field = '';
  let fieldStarted = false; // a character of the current field was read: a quote now is literal, not an opening quote
  let quoted = false; // inside a quoted field
  let quoteSeen = false; // inside a quoted field, the last character was a quote: an escaped quote or the closing one
  let afterCR = false; // the last chunk ended in CR: a LF starting the next one belongs to it
  let line = 1;
  let recordLine = 1;
  let carried = 0; // characters of the current record in earlier chunks
  let recordStart = 0; // where the current record began in this chunk (0: in an earlier one)

  /** Throws once the current record, read up to `at` in this chunk, is longer than the cap. */
  function checkLength(at: number) {
    const length = carried + at - recordStart;
    if (length > maxRecordChars)
      throw new CsvLimitError(recordLine, 'record', `line ${recordLine} is longer than ${maxRecordChars} characters`);
  }
  function endField() {
    if (fields.length >= maxFields)
      throw new CsvLimitError(recordLine, 'fields', `line ${recordLine} has more than ${maxFields} fields`);
    fields.push(field);
    field = '';
    fieldStarted = false;
  }
  function endRecord(out: CsvRecord[]) {
    endField();
    if (fields.length > 1 || fields[0] !== '') out.push({ line: recordLine, fields }); // blank lines are skipped
    fields = [];
    line += 1;
    recordLine = line;
    carried = 0;
  }

  return {
    push(text) {
      const out: CsvRecord[] = [];
      const n = text.length;
      let i = 0;
      recordStart = 0;
      if (afterCR && n > 0) {
        if (text.charCodeAt(0) === LF) i = recordStart = 1;
        afterCR = false;
      }
      while (i < n) {
        if (quoted) {
          if (quoteSeen) {
            quoteSeen = false;
            if (text.charCodeAt(i) === QUOTE) {
              field += '"';
              i += 1;
              continue;
            }
            quoted = false; // that was the closing quote; this character is read as unquoted below
          } else {
            const q = text.indexOf('"', i);
            const end = q === -1 ? n : q;
            checkLength(end);
            const part = text.slice(i, end);
            field += part;
            for (let k = part.indexOf('\n'); k !== -1; k = part.indexOf('\n', k + 1)) line += 1; // line breaks inside quotes
            if (q === -1) {
              carried += n - recordStart;
              return out;
            }
            quoteSeen = true;
            i = q + 1;
            continue;
          }
        }
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          endField();
          i += 1;
        } else if (c === LF) {
          endRecord(out);
          i += 1;
          recordStart = i;
        } else if (c === CR) {
          endRecord(out);
          i += 1;
          if (i === n) afterCR = true;
          else if (text.charCodeAt(i) === LF) i += 1;
          recordStart = i;
        } else if (c === QUOTE && !fieldStarted) {
          quoted = true;
          fieldStarted = true;
          i += 1;
        } else {
          // Plain characters up to the next delimiter, copied in one slice.
          let j = i + 1;
          while (j < n) {
            const d = text.charCodeAt(j);
            if (d === COMMA || d === LF || d === CR) break;
            j += 1;
          }
          checkLength(j);
          field += text.slice(i, j);
          fieldStarted = true;
          i = j;
        }
      }
      checkLength(n);
      carried += n - recordStart;
      return out;
    },
    end() {
      const out: CsvRecord[] = [];
      if (quoted && !quoteSeen) {
        endField();
        out.push({ line: recordLine, fields, unterminated: true });
      } else if (fieldStarted || fields.length > 0) {
        endRecord(out);
        if (out.length) out[0].noLineBreak = true;
      }
      fields = [];
      field = '';
      fieldStarted = quoted = quoteSeen = afterCR = false;
      carried = 0;
      return out;
    },
  };
}
