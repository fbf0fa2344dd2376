/**
 * The Wi-Fi evidence codes (W1..W5) of kitchener-public-places.csv, expanded to short citations.
 * Titles, dates and URLs are copied from kitchener-public-places.csv.source.md; `mustMention` is
 * checked against that file on every run so a changed source list fails loudly instead of
 * leaving stale citations in the seed data.
 */
export interface WifiCitation {
  code: string;
  short: string;
  url: string;
  /** What the source says, in one line (for data/README.md). */
  says: string;
  mustMention: string;
}

export const WIFI_CITATIONS: readonly WifiCitation[] = [
  {
    code: 'W1',
    short: 'Kitchener Public Library, Wikipedia article',
    url: 'http://twiki.owiki.org/wiki/Kitchener_Public_Library',
    says: '"Free wifi at all locations" (five KPL branches); also CBC 2015 (cbc.ca/news/canada/kitchener-waterloo/kitchener-library-lends-portable-wifi-1.3258791): KPL lends Wi-Fi hotspots.',
    mustMention: 'twiki.owiki.org/wiki/Kitchener_Public_Library',
  },
  {
    code: 'W2',
    short: 'City of Kitchener staff report FCS-12-076, 2012',
    url: 'https://lf.kitchener.ca/WebLinkExt/DocView.aspx?dbid=0&id=1181656&repo=CityofKitchener',
    says: '"Free Public Wi-Fi Internet Service", 2012-05-07: recommends free public Wi-Fi at City facilities listed in a Schedule A (not retrievable); names City Hall, Kitchener Market, golf courses and community centres.',
    mustMention: 'FCS-12-076',
  },
  {
    code: 'W3',
    short: 'bowjamesbow.ca blog, 2013-01-09',
    url: 'bowjamesbow.ca (post URL not recorded)',
    says: '"Kitchener\'s Growing Wi-Fi Presence": free "KitchenerWiFi" network observed at Victoria Hills Community Centre.',
    mustMention: 'bowjamesbow.ca',
  },
  {
    code: 'W4',
    short: 'Waterloo Region Record, 2021-05-10',
    url: 'https://waterloorecord.pressreader.com/waterloo-region-record/20210510/281595243409613',
    says: 'Outdoor Wi-Fi added at some community centres during the pandemic; "parts of Victoria Park and outside the market have public WiFi"; plan to improve Wi-Fi at pools and community centres.',
    mustMention: 'waterloorecord.pressreader.com',
  },
  {
    code: 'W5',
    short: 'kitchener.ca "connected" strategy page',
    url: 'https://www.kitchener.ca/en/city-services/connected.aspx?_mid_=21886',
    says: '"Making strategic investments in public Wi-Fi, including at all city facilities and major green spaces" - a plan, not a confirmation.',
    mustMention: 'connected.aspx',
  },
];

/** Codes whose statements cover the City's own free network ("KitchenerWiFi"). */
export const CITY_NETWORK_CODES = new Set(['W2', 'W3', 'W4']);

export function assertCitationsMatchSource(sourceMarkdown: string): void {
  for (const citation of WIFI_CITATIONS) {
    const line = sourceMarkdown.split('\n').find((l) => l.startsWith(`- ${citation.code}:`));
    if (!line || !line.includes(citation.mustMention)) {
      throw new Error(
        `kitchener-public-places.csv.source.md no longer describes ${citation.code} as expected (looked for "${citation.mustMention}"); update scripts/seed/wifi-evidence.ts`,
      );
    }
  }
}

export interface EvidenceItem {
  code: string;
  detail: string;
}

/**
 * Splits a wifi_source cell such as
 * `W2 (2012 City report: free Wi-Fi ...; Schedule A list not retrieved); W4 (2021: ...)`
 * into its codes and their parenthesised details (which may themselves contain ";").
 */
export function parseEvidence(cell: string): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  let i = 0;
  while (i < cell.length) {
    const match = /W\d+/.exec(cell.slice(i));
    if (!match) break;
    i += match.index + match[0].length;
    let detail = '';
    const rest = cell.slice(i);
    const open = /^\s*\(/.exec(rest);
    if (open) {
      let depth = 0;
      let j = i + open[0].length - 1;
      for (; j < cell.length; j++) {
        if (cell[j] === '(') depth++;
        else if (cell[j] === ')' && --depth === 0) break;
      }
      if (depth !== 0) throw new Error(`unbalanced parentheses in wifi_source "${cell}"`);
      detail = cell.slice(i + open[0].length, j).trim();
      i = j + 1;
    }
    items.push({ code: match[0], detail });
  }
  return items;
}

/** One line of evidence for an access point's `source`, e.g. `City of Kitchener staff report FCS-12-076, 2012 [W2]: ...`. */
export function describeEvidence(cell: string): string {
  const items = parseEvidence(cell);
  if (items.length === 0) throw new Error(`wifi_source "${cell}" names no W-code`);
  return items
    .map(({ code, detail }) => {
      const citation = WIFI_CITATIONS.find((c) => c.code === code);
      if (!citation) throw new Error(`unknown Wi-Fi evidence code ${code} in "${cell}"`);
      // Drop the cell's own short label ("KPL: ", "2021: ", "blog 2013: ") - the citation says it.
      const text = detail.replace(/^[^:"]{1,20}:\s*/, '').replace(/;\s*/g, ', ');
      return text ? `${citation.short} [${code}]: ${text}` : `${citation.short} [${code}]`;
    })
    .join('; ');
}
