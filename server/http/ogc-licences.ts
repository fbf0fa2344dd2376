// The licences and attribution of the data behind each OGC collection, as data/README.md records them.
export interface Licence {
  id: string; // anchor on /ogc/licences
  title: string;
  href: string | null; // the licence text, where the source names it
  attribution: string; // the line the licence asks users to show
}

const LICENCES: Record<'kitchener' | 'waterloo' | 'wikipedia' | 'residents', Licence> = {
  kitchener: {
    id: 'kitchener', title: 'City of Kitchener License for Open Data', href: 'https://www.kitchener.ca/en/insidecityhall/Open-data-license.asp',
    attribution: 'Contains information licensed under the Open Government Licence – The Corporation of the City of Kitchener',
  },
  waterloo: {
    id: 'waterloo', title: 'Region of Waterloo Open Data Licence v2.0', href: null,
    attribution: 'Contains information provided by the Regional Municipality of Waterloo under licence',
  },
  wikipedia: {
    id: 'wikipedia', title: 'CC BY-SA 4.0 (Wikipedia contributors)', href: 'https://creativecommons.org/licenses/by-sa/4.0/',
    attribution: 'Positions of ION stations and Victoria Park: Wikipedia contributors, CC BY-SA',
  },
  residents: {
    id: 'residents', title: 'Wi-Fi Reach: residents\' reports and readings', href: null,
    attribution: 'Reports and signal readings by Kitchener residents and volunteers through Wi-Fi Reach',
  },
};

export const ALL_LICENCES: readonly Licence[] = Object.values(LICENCES);

/** The sources behind each public collection (the coverage model's layers are cut by the ward boundaries). */
const BY_COLLECTION: Record<string, (keyof typeof LICENCES)[]> = {
  'access-points': ['kitchener', 'wikipedia'],
  reports: ['residents'],
  observations: ['residents'],
  places: ['kitchener', 'wikipedia'],
  'transit-stops': ['waterloo'],
  wards: ['waterloo'],
  'coverage-cells': ['residents', 'waterloo'],
  gaps: ['residents', 'waterloo', 'kitchener'],
  'wards-coverage': ['residents', 'waterloo'],
};

export const licencesOf = (collectionId: string): Licence[] => (BY_COLLECTION[collectionId] ?? []).map((k) => LICENCES[k]);
