import { describe, expect, it } from 'vitest';
import { registryMatcher } from '../../server/domain/registry-match';
import type { RegisteredNetwork } from '../../server/domain/wigle/matcher';

// Two APs 1 km apart broadcasting the same City SSID; one more with its own name; one retired.
const registry: RegisteredNetwork[] = [
  { id: 1, ssid: 'Kitchener-Free', bssids: ['aa:aa:aa:aa:aa:01'], position: [-80.49, 43.45], status: 'active' },
  { id: 2, ssid: 'Kitchener-Free', bssids: ['aa:aa:aa:aa:aa:02'], position: [-80.4776, 43.45], status: 'active' },
  { id: 3, ssid: 'KPL-Public', bssids: [], position: [-80.49, 43.4509], status: 'down' },
  { id: 4, ssid: 'Kitchener-Free', bssids: ['aa:aa:aa:aa:aa:04'], position: [-80.4901, 43.4501], status: 'retired' },
];
const match = registryMatcher(registry);
const near1: [number, number] = [-80.4895, 43.4502]; // ~45 m from AP 1, ~1 km from AP 2

describe('registryMatcher', () => {
  it.each([
    ['a registered BSSID names its AP wherever it is heard', { position: near1, bssid: 'AA:AA:AA:AA:AA:02' }, 2],
    ['an unregistered BSSID matches nothing, even with a City SSID (a hotspot to discover)', { position: near1, bssid: 'bb:bb:bb:bb:bb:bb', ssid: 'Kitchener-Free' }, null],
    ['an SSID alone names the nearest AP broadcasting it', { position: near1, ssid: 'Kitchener-Free' }, 1],
    ['an SSID alone 500 m from every AP of that name matches nothing', { position: [-80.4838, 43.45] as [number, number], ssid: 'Kitchener-Free' }, null],
    ['a down AP still matches by name (it may be back)', { position: near1, ssid: 'KPL-Public' }, 3],
    ['a retired AP never matches', { position: near1, bssid: 'aa:aa:aa:aa:aa:04' }, null],
    ["a client's accessPointId is kept when that AP is within reach", { position: near1, accessPointId: 1 }, 1],
    ["a client's accessPointId 1 km away is not believed", { position: near1, accessPointId: 2 }, null],
    ['a client claim does not override the SSID heard', { position: near1, ssid: 'Kitchener-Free', accessPointId: 2 }, 1],
    ['nothing named, nothing matched', { position: near1 }, null],
  ])('when %s', (_why, reading, expected) => {
    expect(match(reading)).toBe(expected);
  });
});
