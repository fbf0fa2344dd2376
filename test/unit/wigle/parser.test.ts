// The WiGLE file structure: pre-header, header by name, rows; BOM, versions and broken files.
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { CsvLimitError, createWigleParser, WigleFormatError, type WigleRow } from '../../../server/domain/wigle/parser';
import { COLUMNS_MAX, RECORD_MAX_CHARS, SSID_MAX_CHARS } from '../../../server/domain/wigle/limits';
import { gunzipIfNeeded } from '../../../server/services/byte-streams';

const PRE_16 = 'WigleWifi-1.6,appRelease=2.70,model=Pixel 7,release=14,device=panther,display=x,board=panther,"brand=Google, LLC",star=Sol,body=3,subBody=0';
const HEADER_16 = 'MAC,SSID,AuthMode,FirstSeen,Channel,Frequency,RSSI,CurrentLatitude,CurrentLongitude,AltitudeMeters,AccuracyMeters,RCOIs,MfgrId,Type';
const HEADER_14 = 'MAC,SSID,AuthMode,FirstSeen,Channel,RSSI,CurrentLatitude,CurrentLongitude,AltitudeMeters,AccuracyMeters,Type';

const parse = (text: string, chunk = text.length) => {
  const parser = createWigleParser();
  const rows: WigleRow[] = [];
  for (let i = 0; i < text.length; i += chunk) rows.push(...parser.push(text.slice(i, i + chunk)));
  rows.push(...parser.end());
  return { rows, format: parser.format };
};

describe('WiGLE CSV structure', () => {
  it('when a 1.6 file is read, then each row maps its columns by name and keeps its line', () => {
    const { rows, format } = parse(`${PRE_16}\n${HEADER_16}\n00:11:22:33:44:55,Net,[ESS],2025-06-01 14:00:00,6,2437,-61,43.45,-80.48,330,8,,,WIFI\n`);
    expect(format).toBe('WigleWifi-1.6');
    expect(rows).toEqual([{
      line: 3, complete: true, mac: '00:11:22:33:44:55', ssid: 'Net', firstSeen: '2025-06-01 14:00:00', rssi: '-61',
      latitude: '43.45', longitude: '-80.48', accuracy: '8', type: 'WIFI', timeZone: 'America/Toronto', // app 2.70 wrote local time
    }]);
  });

  it('when a 1.6 pre-header sits over 1.4 columns, then RSSI and the position are still found by name', () => {
    const { rows, format } = parse(`${PRE_16}\r\n${HEADER_14}\r\n00:11:22:33:44:55,Net,[ESS],2025-06-01 14:00:00,6,-61,43.45,-80.48,330,8,WIFI\r\n`);
    expect(format).toBe('WigleWifi-1.6');
    expect(rows[0]).toMatchObject({ rssi: '-61', latitude: '43.45', longitude: '-80.48', accuracy: '8', type: 'WIFI', complete: true });
  });

  it('when the file starts with a BOM, then the pre-header is still recognised', () => {
    expect(parse(`\ufeff${PRE_16}\n${HEADER_16}\n`).format).toBe('WigleWifi-1.6');
  });

  it('when the text arrives one character at a time, then the rows are the same', () => {
    const text = `${PRE_16}\n${HEADER_14}\n00:11:22:33:44:55,"A, ""B""",[ESS],2025-06-01 14:00:00,6,-61,43.45,-80.48,330,8,WIFI\n`;
    expect(parse(text, 1).rows).toEqual(parse(text).rows);
  });

  it('when a row is shorter than the header, then it is marked incomplete', () => {
    const { rows } = parse(`${PRE_16}\n${HEADER_14}\n00:11:22:33:44:55,Net,[ESS]\n`);
    expect(rows[0].complete).toBe(false);
  });

  it('when the pre-header is one quoted field (Python\'s csv.writer), then it is read as the line it was, in any chunks', () => {
    const quoted = `"${PRE_16.replaceAll('"', '""')}"`; // as csv.writer writes a one-string row
    for (const chunk of [1, 7, 10_000]) {
      const parser = createWigleParser();
      const text = `${quoted}\r\n${HEADER_16}\r\n00:11:22:33:44:55,Net,[ESS],2025-06-01 14:00:00,6,2437,-61,43.45,-80.48,330,8,,,WIFI\r\n`;
      const rows: WigleRow[] = [];
      for (let i = 0; i < text.length; i += chunk) rows.push(...parser.push(text.slice(i, i + chunk)));
      rows.push(...parser.end());
      expect([parser.format, parser.appRelease, parser.timeZone]).toEqual(['WigleWifi-1.6', '2.70', 'America/Toronto']);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ mac: '00:11:22:33:44:55', rssi: '-61', complete: true });
    }
    expect(() => parse('"name,age"\nBob,42\n')).toThrow(/neither a "WigleWifi-1.x,appRelease=…" pre-header/);
  });

  it('when the pre-header names the app release, then times are UTC from 2.78 on and local before it; no release: UTC', () => {
    const zone = (pre: string) => {
      const parser = createWigleParser();
      parser.push(`${pre}\n${HEADER_14}\n`);
      parser.end();
      return [parser.appRelease, parser.timeZone];
    };
    expect(zone('WigleWifi-1.4,appRelease=2.77,model=x')).toEqual(['2.77', 'America/Toronto']);
    expect(zone('WigleWifi-1.6,appRelease=2.78')).toEqual(['2.78', 'UTC']);
    expect(zone('WigleWifi-1.6,model=x,appRelease=2.111-FOSS')).toEqual(['2.111-FOSS', 'UTC']);
    expect(zone('WigleWifi-1.4,model=x')).toEqual([null, 'UTC']);
    const { rows } = parse(`WigleWifi-1.4,appRelease=2.26\n${HEADER_14}\n00:11:22:33:44:55,Net,[ESS],2025-06-01 14:00:00,6,-61,43.45,-80.48,330,8,WIFI\n`);
    expect(rows[0].timeZone).toBe('America/Toronto');
  });

  it('when the file stops inside its last row, then that row is incomplete, wherever it was cut; a final row ending in a column not read is whole', () => {
    const cutInType = parse(`${PRE_16}\n${HEADER_16}\n00:11:22:33:44:55,Net,[ESS],2025-06-01 14:00:00,6,2437,-61,43.45,-80.48,330,8,,,WI`);
    expect(cutInType.rows[0]).toMatchObject({ type: 'WI', complete: false });
    const cutEarly = parse(`${PRE_16}\n${HEADER_16}\n00:11:22:33:44:55,Net,[ESS],2025-06-01 14:00:00,6,24`);
    expect(cutEarly.rows[0].complete).toBe(false);
    const lastUnread = parse(`${PRE_16}\nMAC,SSID,FirstSeen,RSSI,CurrentLatitude,CurrentLongitude,AccuracyMeters,Type,AltitudeMeters\n00:11:22:33:44:55,Net,2025-06-01 14:00:00,-61,43.45,-80.48,8,WIFI,33`);
    expect(lastUnread.rows[0].complete).toBe(true);
    const withBreak = parse(`${PRE_16}\n${HEADER_16}\n00:11:22:33:44:55,Net,[ESS],2025-06-01 14:00:00,6,2437,-61,43.45,-80.48,330,8,,,WIFI\n`);
    expect(withBreak.rows[0].complete).toBe(true);
  });

  it('when a column the import needs is missing, then the error names it (and only column names)', () => {
    expect(() => parse(`${PRE_16}\nMAC,SSID,FirstSeen,Type\n`)).toThrow(/lacks the columns RSSI, CurrentLatitude, CurrentLongitude, AccuracyMeters/);
  });

  it('when the pre-header is missing but the header is there, then the file is read (forgiving at the edge)', () => {
    const { rows, format } = parse(`${HEADER_14}\n00:11:22:33:44:55,Net,[ESS],2025-06-01 14:00:00,6,-61,43.45,-80.48,330,8,WIFI\n`);
    expect(format).toBe('WiGLE CSV without pre-header');
    expect(rows).toHaveLength(1);
  });

  it('when the file is not WiGLE CSV, empty, a 2.x version, or ends before its header, then WigleFormatError', () => {
    expect(() => parse('name,age\nBob,42\n')).toThrow(WigleFormatError);
    expect(() => parse('')).toThrow(/empty/);
    expect(() => parse('WigleWifi-2.0,appRelease=9\n')).toThrow(/not a WiGLE CSV version/);
    expect(() => parse(`${PRE_16}\n`)).toThrow(/ends before its header/);
  });
});

describe('WiGLE CSV caps (issue 11, item 7): hostile files stop while they stream', () => {
  const HEAD = `${PRE_16}\n${HEADER_16}\n`;

  /** Feeds decoded chunks to a parser and counts what it was given before it gave up. */
  async function consume(source: AsyncIterable<Uint8Array>) {
    const parser = createWigleParser();
    const decoder = new TextDecoder();
    let consumed = 0;
    let largest = 0;
    try {
      for await (const chunk of source) {
        consumed += chunk.length;
        largest = Math.max(largest, chunk.length);
        parser.push(decoder.decode(chunk, { stream: true }));
      }
      parser.end();
    } catch (err) {
      return { err: err as Error, consumed, largest };
    }
    return { err: undefined, consumed, largest };
  }
  async function* repeat(head: string, chunk: Buffer, times: number) {
    yield Buffer.from(head);
    for (let k = 0; k < times; k += 1) yield chunk;
  }

  it('when a header is followed by 50 MB of commas and no line break, then it stops within the cap plus one chunk', async () => {
    const { err, consumed, largest } = await consume(repeat(HEAD, Buffer.alloc(65_536, ','), 800));
    expect(err).toBeInstanceOf(CsvLimitError);
    expect(err!.message).toBe(`line 3 has more than ${COLUMNS_MAX} fields`);
    expect(consumed).toBeLessThanOrEqual(HEAD.length + RECORD_MAX_CHARS + largest);
  });

  it('when one line holds 50 MB of text without commas, then it stops within the cap plus one chunk', async () => {
    const { err, consumed, largest } = await consume(repeat(HEAD, Buffer.alloc(65_536, 'a'), 800));
    expect(err!.message).toBe(`line 3 is longer than ${RECORD_MAX_CHARS} characters`);
    expect(consumed).toBeLessThanOrEqual(HEAD.length + RECORD_MAX_CHARS + largest);
  });

  it('when a 1 MB gzip bomb would inflate to 1 GB, then the parser stops within the cap plus one chunk of inflated bytes', async () => {
    const member = gzipSync(Buffer.alloc(10 * 1024 * 1024)); // 10 MiB of zero bytes in ~10 KB; gzip members may be concatenated
    let compressedRead = 0;
    async function* bomb() {
      for (let k = 0; k < 100; k += 1) {
        compressedRead += member.length;
        yield member;
      }
    }
    const { err, consumed, largest } = await consume(gunzipIfNeeded(bomb()));
    expect(err).toBeInstanceOf(CsvLimitError);
    expect(err!.message).toBe(`line 1 is longer than ${RECORD_MAX_CHARS} characters`);
    expect(consumed).toBeLessThanOrEqual(RECORD_MAX_CHARS + largest);
    expect(compressedRead).toBeLessThan(10 * member.length); // the rest of the bomb is never read
  });

  it('when an SSID is longer than 32 characters, then the row names its line; 32 characters pass', () => {
    const row = (ssid: string) => `00:11:22:33:44:55,${ssid},[ESS],2025-06-01 14:00:00,6,2437,-61,43.45,-80.48,330,8,,,WIFI\n`;
    expect(parse(HEAD + row('s'.repeat(32))).rows[0].ssid).toBe('s'.repeat(32));
    expect(() => parse(HEAD + row('s'.repeat(33)))).toThrow(`line 3 has an SSID longer than ${SSID_MAX_CHARS} characters (802.11 allows 32 bytes)`);
  });

  it('when a row has 10,000 columns, then it fails on its column count; 32 columns pass', () => {
    expect(parse(HEAD + 'x,'.repeat(31) + 'x\n').rows).toHaveLength(1);
    expect(() => parse(HEAD + 'x,'.repeat(9_999) + 'x\n')).toThrow(`line 3 has more than ${COLUMNS_MAX} fields`);
  });
});
