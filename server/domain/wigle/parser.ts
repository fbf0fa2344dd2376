// WiGLE CSV (WigleWifi-1.4 and 1.6): a pre-header line naming the format and the device, a header
// row, then one row per sighting. Columns are found by header NAME, because some devices write a 1.6
// pre-header over 1.4 columns. Incremental: push decoded text as it arrives.
import { createCsvReader, CsvLimitError, type CsvRecord } from './csv';
import { COLUMNS_MAX, RECORD_MAX_CHARS, SSID_MAX_CHARS } from './limits';
import { fileTimeZone } from './app-clock';

/** The columns the import reads, by their header names (matched without regard to case). */
export const WIGLE_COLUMNS = {
  mac: 'MAC',
  ssid: 'SSID',
  firstSeen: 'FirstSeen',
  rssi: 'RSSI',
  latitude: 'CurrentLatitude', // the observer's position, where the observation was made
  longitude: 'CurrentLongitude',
  accuracy: 'AccuracyMeters',
  type: 'Type', // WIFI, BT, BLE, GSM, LTE, …
} as const;

export type WigleField = keyof typeof WIGLE_COLUMNS;
const FIELDS = Object.keys(WIGLE_COLUMNS) as WigleField[];

/** One sighting as written: text, not yet checked. The matcher decides what it is worth. */
export type WigleRow = Record<WigleField, string> & {
  line: number;
  complete: boolean; // false when the row had fewer fields than the header, an unterminated quote, or was cut at the end of the file
  timeZone: string; // IANA zone of FirstSeen's wall-clock times: 'UTC', or the City's for WiGLE apps before 2.78 (app-clock.ts)
};

export { CsvLimitError } from './csv';

/** The file is not WiGLE CSV at all; says why without quoting any of its rows. */
export class WigleFormatError extends Error {}

const PRE_HEADER = /^WigleWifi-(\d+)\.(\d+)$/i;

export interface WigleParser {
  push(text: string): WigleRow[];
  end(): WigleRow[];
  /** 'WigleWifi-1.6', or 'WiGLE CSV without pre-header' once the header was read. */
  readonly format: string;
  /** The pre-header's appRelease ("2.70"), if it has one. */
  readonly appRelease: string | null;
  /** The zone the file's times are read in (see WigleRow.timeZone). */
  readonly timeZone: string;
}

/**
 * The pre-header's fields. Python's csv.writer, given the line as one string, writes it as one quoted
 * field ("WigleWifi-1.6,appRelease=2.70,…"): that field is read again as the line it was.
 */
function preHeaderFields(fields: string[]): string[] {
  if (fields.length !== 1 || !/^\s*WigleWifi-[^,]*,/i.test(fields[0])) return fields;
  const inner = createCsvReader({ maxRecordChars: RECORD_MAX_CHARS, maxFields: COLUMNS_MAX });
  const [record] = [...inner.push(fields[0]), ...inner.end()];
  return record?.fields ?? fields;
}

export function createWigleParser(): WigleParser {
  const csv = createCsvReader({ maxRecordChars: RECORD_MAX_CHARS, maxFields: COLUMNS_MAX });
  let stage: 'pre-header' | 'header' | 'rows' = 'pre-header';
  let format = 'unknown';
  let width = 0;
  let started = false;
  let appRelease: string | null = null;
  let timeZone = 'UTC';
  const index = {} as Record<WigleField, number>;
  const read = new Set<number>(); // the indexes of the columns the import reads

  function readHeader(fields: string[], line: number) {
    const names = fields.map((f) => f.trim().toLowerCase());
    const missing: string[] = [];
    for (const [key, name] of Object.entries(WIGLE_COLUMNS) as [WigleField, string][]) {
      index[key] = names.indexOf(name.toLowerCase());
      if (index[key] === -1) missing.push(name);
    }
    if (missing.length) throw new WigleFormatError(`the header row (line ${line}) lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    width = Math.max(...Object.values(index)) + 1;
    for (const i of Object.values(index)) read.add(i);
    stage = 'rows';
  }

  function handle({ fields, line, unterminated, noLineBreak }: CsvRecord): WigleRow[] {
    if (stage === 'rows') {
      // WiGLE ends every row with a line break: a last row without one was cut (a copy or upload that
      // stopped), so a field the import reads at its end may be partial ("WIF", "-6" for "-67").
      const cut = noLineBreak === true && read.has(fields.length - 1);
      const row = { line, complete: !unterminated && !cut && fields.length >= width, timeZone } as WigleRow;
      for (const key of FIELDS) row[key] = fields[index[key]] ?? '';
      if (row.ssid.length > SSID_MAX_CHARS)
        throw new CsvLimitError(line, 'field', `line ${line} has an SSID longer than ${SSID_MAX_CHARS} characters (802.11 allows 32 bytes)`);
      return [row];
    }
    if (stage === 'pre-header') {
      const pre = preHeaderFields(fields);
      const version = PRE_HEADER.exec(pre[0].trim());
      if (version) {
        if (version[1] !== '1') throw new WigleFormatError(`${pre[0].trim()} is not a WiGLE CSV version this import reads (1.x)`);
        format = `WigleWifi-${version[1]}.${version[2]}`;
        appRelease = pre.map((f) => /^\s*appRelease=(.*)$/i.exec(f)?.[1].trim()).find((v) => v !== undefined) ?? null;
        timeZone = fileTimeZone(appRelease);
        stage = 'header';
        return [];
      }
      // Forgiving at the edge: a file whose pre-header was stripped by a spreadsheet still has its header.
      const names = fields.map((f) => f.trim().toLowerCase());
      if (!names.includes('mac') || !names.includes('type'))
        throw new WigleFormatError(`line ${line} is neither a "WigleWifi-1.x,appRelease=…" pre-header nor a WiGLE header row`);
      format = 'WiGLE CSV without pre-header';
    }
    readHeader(fields, line);
    return [];
  }

  const rows = (records: CsvRecord[]) => records.flatMap(handle);

  return {
    push(text) {
      if (!started && text.length > 0) {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte-order mark, as Windows tools write
      }
      return rows(csv.push(text));
    },
    end() {
      const last = rows(csv.end());
      if (stage !== 'rows') throw new WigleFormatError(started ? 'the file ends before its header row' : 'the file is empty');
      return last;
    },
    get format() {
      return format;
    },
    get appRelease() {
      return appRelease;
    },
    get timeZone() {
      return timeZone;
    },
  };
}
