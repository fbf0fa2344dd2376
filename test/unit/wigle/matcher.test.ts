// The matcher's decision table, every row, plus the boundaries of each limit.
import { describe, expect, it } from 'vitest';
import { createMatcher, DROP_REASONS, naturalKey, parseWigleTime, WIGLE_RULES, type RegisteredNetwork } from '../../../server/domain/wigle/matcher';
import type { WigleRow } from '../../../server/domain/wigle/parser';
import { mulberry32 } from '../../../server/domain/coverage/random';
import type { LonLat } from '../../../server/domain/types';

const LIBRARY: LonLat = [-80.486225, 43.452694];
const CENTRE: LonLat = [-80.489492, 43.452149];
const NOW = Date.UTC(2026, 0, 15);
const networks: RegisteredNetwork[] = [
  { id: 1, ssid: null, bssids: ['00:11:22:33:44:55'], position: LIBRARY, status: 'active' },
  { id: 16, ssid: 'KitchenerWiFi', bssids: [], position: CENTRE, status: 'active' },
  { id: 30, ssid: 'PlannedWiFi', bssids: [], position: CENTRE, status: 'planned' },
];
// The service area, reduced to a box around Kitchener for these tests.
const area = { contains: ([lon, lat]: LonLat) => lon > -80.6 && lon < -80.35 && lat > 43.35 && lat < 43.52 };
const decide = createMatcher(networks, area, NOW);

/** Metres north of a point, as a latitude offset. */
const north = ([lon, lat]: LonLat, metres: number): LonLat => [lon, lat + metres / 111_320];

const row = (over: Partial<WigleRow> & { at?: LonLat } = {}): WigleRow => {
  const [lon, lat] = over.at ?? north(LIBRARY, 30);
  return {
    line: 3, complete: true, timeZone: 'UTC', mac: '00:11:22:33:44:55', ssid: 'KPL-Public', firstSeen: '2025-06-01 14:00:00', rssi: '-61',
    latitude: String(lat), longitude: String(lon), accuracy: '8', type: 'WIFI', ...over,
  };
};
const reason = (r: WigleRow) => {
  const v = decide(r);
  return v.keep ? 'kept' : v.reason;
};

describe('which WiGLE sightings are kept: the decision table', () => {
  const table: [string, WigleRow, string][] = [
    ['a registered BSSID, well measured', row(), 'kept'],
    ['a registered SSID 43 m from its access point', row({ mac: 'aa:bb:cc:00:00:01', ssid: 'KitchenerWiFi', at: north(CENTRE, 43) }), 'kept'],
    ['Bluetooth', row({ type: 'BT' }), 'not_wifi'],
    ['a cell tower', row({ type: 'GSM', mac: '310_260_1_2' }), 'not_wifi'],
    ['an SSID ending _nomap (any case)', row({ ssid: 'Home_NoMap' }), 'opted_out'],
    ['an SSID ending _optout', row({ ssid: 'cafe_optout' }), 'opted_out'],
    ['a registered BSSID broadcasting _nomap', row({ ssid: 'KPL_nomap' }), 'opted_out'],
    ['a row cut short', row({ complete: false }), 'malformed'],
    ['a last row cut inside its Type ("WI")', row({ complete: false, type: 'WI' }), 'malformed'],
    ['a bad MAC', row({ mac: 'zz:zz:zz:zz:zz:zz' }), 'malformed'],
    ['an unreadable time', row({ firstSeen: 'yesterday' }), 'malformed'],
    ['an unreadable latitude', row({ latitude: 'abc' }), 'malformed'],
    ['a latitude beyond 90°', row({ latitude: '95' }), 'malformed'],
    ['an empty RSSI', row({ rssi: '' }), 'malformed'],
    ['a private network beside the library', row({ mac: '66:77:88:99:aa:04', ssid: 'Joe\'s Guest' }), 'not_registered'],
    ['a registered SSID 2 km from its access point', row({ mac: '66:77:88:99:aa:06', ssid: 'KitchenerWiFi', at: north(CENTRE, 2000) }), 'not_registered'],
    ['the SSID of a planned (not yet on air) access point', row({ mac: '66:77:88:99:aa:07', ssid: 'PlannedWiFi', at: north(CENTRE, 10) }), 'not_registered'],
    ['a 1970 time (no clock fix)', row({ firstSeen: '1970-01-01 00:00:00' }), 'bad_time'],
    ['a time in the future', row({ firstSeen: '2099-01-01 00:00:00' }), 'bad_time'],
    ['a local time Kitchener\'s clocks skipped (spring forward)', row({ timeZone: 'America/Toronto', firstSeen: '2025-03-09 02:30:00' }), 'bad_time'],
    ['accuracy 120 m', row({ accuracy: '120' }), 'poor_accuracy'],
    ['accuracy 0 (unknown)', row({ accuracy: '0' }), 'poor_accuracy'],
    ['accuracy missing', row({ accuracy: '' }), 'poor_accuracy'],
    ['a registered BSSID heard in Toronto', row({ at: [-79.3839, 43.6534] }), 'outside_area'],
    ['RSSI 0 (a placeholder)', row({ rssi: '0' }), 'bad_signal'],
    ['RSSI -127 (a placeholder)', row({ rssi: '-127' }), 'bad_signal'],
  ];
  for (const [what, r, expected] of table) it(`${what} → ${expected}`, () => expect(reason(r)).toBe(expected));

  it('when the table is listed, then every drop reason has a row (the table is complete)', () => {
    expect(new Set(table.map(([, , e]) => e))).toEqual(new Set(['kept', ...DROP_REASONS]));
  });

  it('when a row fails several rules, then the first rule of the table is its reason', () => {
    expect(reason(row({ type: 'BLE', ssid: 'x_nomap', rssi: 'bad' }))).toBe('not_wifi');
    expect(reason(row({ mac: '66:77:88:99:aa:04', firstSeen: '1970-01-01 00:00:00' }))).toBe('not_registered');
  });
});

describe('the limits, at their edges', () => {
  it('when an SSID is heard just inside or just outside the radius, then it is kept or dropped', () => {
    const at = (m: number) => row({ mac: 'aa:bb:cc:00:00:09', ssid: 'KitchenerWiFi', at: north(CENTRE, m) });
    expect(reason(at(WIGLE_RULES.ssidRadiusM - 1))).toBe('kept');
    expect(reason(at(WIGLE_RULES.ssidRadiusM + 1))).toBe('not_registered');
  });

  it('when a registered BSSID is heard far from its access point (but in town), then it is still kept: the address decides', () => {
    expect(reason(row({ at: north(LIBRARY, 3000) }))).toBe('kept');
  });

  it('when accuracy is exactly the limit, then kept; a little worse, dropped', () => {
    expect(reason(row({ accuracy: String(WIGLE_RULES.accuracyMaxM) }))).toBe('kept');
    expect(reason(row({ accuracy: String(WIGLE_RULES.accuracyMaxM + 0.1) }))).toBe('poor_accuracy');
  });

  it('when RSSI is at -100 or -10 dBm, then kept; beyond, dropped', () => {
    expect(reason(row({ rssi: '-100' }))).toBe('kept');
    expect(reason(row({ rssi: '-10' }))).toBe('kept');
    expect(reason(row({ rssi: '-101' }))).toBe('bad_signal');
    expect(reason(row({ rssi: '-9' }))).toBe('bad_signal');
  });

  it('when the time is 2010-01-01 or a little ahead of the clock, then kept', () => {
    expect(reason(row({ firstSeen: '2010-01-01 00:00:00' }))).toBe('kept');
    expect(reason(row({ firstSeen: new Date(NOW + 60_000).toISOString() }))).toBe('kept');
    expect(reason(row({ firstSeen: new Date(NOW + WIGLE_RULES.futureSkewMs + 1000).toISOString() }))).toBe('bad_time');
  });
});

describe('what a kept sighting holds', () => {
  it('when kept, then it is the observer\'s position, the RSSI as dBm, the normalised BSSID and the access point', () => {
    const at = north(CENTRE, 43);
    const v = decide(row({ mac: 'AA-BB-CC-00-00-01', ssid: 'KitchenerWiFi', rssi: '-67', accuracy: '6', at }));
    expect(v).toEqual({
      keep: true,
      sighting: {
        naturalKey: naturalKey('aa:bb:cc:00:00:01', '2025-06-01T14:00:00.000Z', at[1], at[0]),
        observedAt: '2025-06-01T14:00:00.000Z', position: at, accuracyM: 6, signalDbm: -67, ssid: 'KitchenerWiFi',
        bssid: 'aa:bb:cc:00:00:01', accessPointId: 16, matchedBy: 'ssid',
      },
    });
  });

  it('when the same sighting is read twice, then its natural key is the same; another time, another key', () => {
    const a = decide(row());
    const b = decide(row());
    const c = decide(row({ firstSeen: '2025-06-01 14:00:01' }));
    expect(a.keep && b.keep && c.keep).toBe(true);
    if (a.keep && b.keep && c.keep) {
      expect(a.sighting.naturalKey).toBe(b.sighting.naturalKey);
      expect(a.sighting.naturalKey).not.toBe(c.sighting.naturalKey);
      expect(a.sighting.naturalKey).toMatch(/^[0-9a-f]{32}$/);
    }
  });
});

describe('FirstSeen times', () => {
  it('when written as WiGLE writes them, then they are UTC; a zone, or epoch seconds and milliseconds, are honoured', () => {
    expect(parseWigleTime('2025-06-01 14:00:00')).toBe(Date.UTC(2025, 5, 1, 14));
    expect(parseWigleTime('2025-06-01T10:00:00-04:00')).toBe(Date.UTC(2025, 5, 1, 14));
    expect(parseWigleTime('1748786400')).toBe(Date.UTC(2025, 5, 1, 14));
    expect(parseWigleTime('1748786400000')).toBe(Date.UTC(2025, 5, 1, 14));
    expect(parseWigleTime('2025-13-01 00:00:00')).toBeUndefined();
    expect(parseWigleTime('')).toBeUndefined();
  });

  it('when read digit by digit (the fast path), then every whole-second time means what Date.parse says it means', () => {
    // Edge cases first (V8 rolls 31 April over to 1 May and reads 24:00:00 as the next midnight; years before
    // 100 are not 1900s), then seeded random fields, some out of range.
    const times = ['2024-02-29 23:59:59', '2025-02-29 00:00:00', '2025-04-31 10:00:00', '2025-12-31 24:00:00', '2025-06-01 24:30:00',
      '2025-06-01 14:00:60', '2025-06-01 23:60:00', '2025-06-32 00:00:00', '2025-00-10 00:00:00', '2025-06-00 00:00:00', '0000-01-01 00:00:00',
      '0099-12-31 12:00:00', '1969-12-31 23:59:59'];
    const random = mulberry32(20261202), pad = (max: number, width: number) => String(Math.floor(random() * max)).padStart(width, '0');
    for (let k = 0; k < 5_000; k++) times.push(`${pad(3000, 4)}-${pad(14, 2)}-${pad(34, 2)} ${pad(26, 2)}:${pad(62, 2)}:${pad(62, 2)}`);
    for (const time of times) {
      const expected = Date.parse(`${time.replace(' ', 'T')}Z`);
      expect(parseWigleTime(time), time).toBe(Number.isFinite(expected) ? expected : undefined);
    }
  });
});
