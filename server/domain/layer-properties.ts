// The properties of each map layer's features, defined once: their order (the CSV columns), their
// types and what they mean. The OGC schemas and queryables, the export columns and the tests that
// check every served feature against them are all made from these definitions.
import { z } from 'zod';
import {
  AP_CONFIDENCES, AP_ENVIRONMENTS, AP_STATUSES, BANDS, OBSERVATION_SOURCES, PLACE_KINDS, REPORT_KINDS, REPORT_STATUSES,
} from './types';

const text = (description: string) => z.string().meta({ description });
const optionalText = (description: string) => z.string().nullable().meta({ description });
const whole = (description: string) => z.number().int().meta({ description });
const decimal = (description: string) => z.number().meta({ description }); // a real number: GIS clients must not make it an integer
const time = (description: string) => z.iso.datetime({ offset: true }).meta({ description });
const share = (description: string) => z.number().min(0).max(1).meta({ description });

/** Every class the coverage model gives a block (domain/coverage/queries.ts CLASS_NAMES). */
const COVERAGE_CLASSES = ['good', 'fair', 'poor', 'none'] as const;

export const accessPointProperties = z.strictObject({
  id: whole('Registry id'),
  name: text('Name of the access point'),
  ssid: optionalText('Network name (SSID); null where no source names it'),
  bssids: z.array(z.string()).meta({ description: 'Radio MAC addresses (BSSIDs) known for it' }),
  venue: optionalText('Kind of venue (library, community centre …)'),
  operator: optionalText('Who runs it'),
  address: optionalText('Street address'),
  environment: z.enum(AP_ENVIRONMENTS).meta({ description: 'Where it sits: indoor, outdoor among buildings, or outdoors in the open' }),
  indoor: z.boolean().meta({ description: 'environment is indoor (older form)' }),
  status: z.enum(AP_STATUSES).meta({ description: 'Registry status' }),
  band: z.enum(BANDS).meta({ description: 'Radio band, GHz' }),
  eirpDbm: decimal('Transmit power (EIRP), dBm'),
  rangeOverrideM: z.number().nullable().meta({ description: 'Reach set by hand, m; null when the model decides' }),
  reachM: whole('Estimated reach, m (fitted to readings where there are enough)'),
  probablyDown: z.boolean().meta({ description: 'Phones near it do not hear it (a planner decides)' }),
  confidence: z.enum(AP_CONFIDENCES).meta({ description: 'How sure the registry is that free Wi-Fi is offered here' }),
  source: optionalText('Where the record comes from'),
  createdAt: time('When the record was created'),
  updatedAt: time('When the record last changed'),
});

export const reportProperties = z.strictObject({
  id: whole('Report id'),
  kind: z.enum(REPORT_KINDS).meta({ description: 'What the resident reported' }),
  status: z.enum(REPORT_STATUSES).meta({ description: 'Where the City is with it' }),
  createdAt: time('When the report was filed'),
  updatedAt: time('When its status last changed'),
  observedAt: time('When the resident saw the problem'),
  confirmations: whole('Residents who confirmed it ("me too")'),
  note: optionalText('The resident\'s note, once staff publish it'),
  publicNote: optionalText('The City\'s answer'),
  mergedInto: z.number().int().nullable().meta({ description: 'The report this one duplicates' }),
});

export const observationCellProperties = z.strictObject({
  id: text('Cell id: row_col of the public 25 m grid'),
  cellM: whole('Cell size, m'),
  centreLon: decimal('Longitude of the cell centre, degrees'),
  centreLat: decimal('Latitude of the cell centre, degrees'),
  observations: whole('Real observations in the cell'),
  signalReadings: whole('Of which carried a signal strength'),
  meanDbm: z.number().nullable().meta({ description: 'Mean signal of those readings, dBm (0.1 dB); null without any' }),
  noFreeNetwork: whole('Of which heard no free network'),
  noFreeNetworkShare: share('Share of observations that heard no free network, 0–1'),
  firstAt: time('Day (UTC, at 00:00) of the oldest observation'),
  newestAt: time('Day (UTC, at 00:00) of the newest observation'),
});

export const observationProperties = z.strictObject({
  id: whole('Observation id'),
  observedAt: time('When it was measured'),
  receivedAt: time('When the server received it'),
  source: z.enum(OBSERVATION_SOURCES).meta({ description: 'Where it comes from' }),
  signalDbm: z.number().nullable().meta({ description: 'Signal strength, dBm' }),
  noFreeNetwork: z.boolean().meta({ description: 'No free network was heard' }),
  accuracyM: z.number().nullable().meta({ description: 'Position accuracy, m' }),
  ssid: optionalText('Network name heard'),
  bssid: optionalText('Radio MAC address heard'),
  accessPointId: z.number().int().nullable().meta({ description: 'Registry access point it was matched to' }),
  latencyMs: z.number().nullable().meta({ description: 'Connection test: delay, ms' }),
  downMbps: z.number().nullable().meta({ description: 'Connection test: download, Mbit/s' }),
  upMbps: z.number().nullable().meta({ description: 'Connection test: upload, Mbit/s' }),
  connectionType: optionalText('Connection type the browser reported'),
  importId: z.number().int().nullable().meta({ description: 'WiGLE import it came from' }),
});

export const placeProperties = z.strictObject({
  id: whole('Place id'),
  name: text('Name'),
  kind: z.enum(PLACE_KINDS).meta({ description: 'Kind of place' }),
  address: optionalText('Street address'),
  wifiEvidence: z.enum(['documented', 'probable', 'unknown']).meta({ description: 'Evidence that free Wi-Fi is offered there' }),
  demand: decimal('Demand weight, 1–5'),
  source: optionalText('Where the record comes from'),
});

export const wardProperties = z.strictObject({
  id: text('Area id, e.g. ward-3'),
  kind: z.enum(['city', 'ward']).meta({ description: 'Kind of area' }),
  name: text('Name'),
  ward: z.number().int().nullable().meta({ description: 'Ward number' }),
});

export const coverageCellProperties = z.strictObject({
  id: whole('Block id in the coverage grid'),
  level: whole('Block level: 1 is 4 × 4 cells (100 m)'),
  class: z.enum(COVERAGE_CLASSES).meta({ description: 'Coverage class: good ≥ −67 dBm, fair to −75, poor to −85, none below' }),
  dbm: decimal('Fused signal, dBm'),
  confidence: share('How much evidence stands behind it, 0–1'),
  coveredShare: share('Share of the block covered (good or fair), 0–1'),
  pUsable: share('Probability of usable free Wi-Fi, 0–1'),
  h3: text('H3 index of the block centre (resolution 10)'),
});

export const gapProperties = z.strictObject({
  id: whole('Gap id'),
  rank: whole('Rank, first to fix first'),
  cells: whole('25 m cells in the gap'),
  areaM2: decimal('Area, m²'),
  wardId: optionalText('Ward the gap lies in'),
  wardName: optionalText('Its name'),
  landmark: optionalText('A place in it people know'),
  score: decimal('Score the gaps are ranked by: demand plus area'),
  demandTotal: decimal('Demand inside the gap'),
  demandPlaces: decimal('Of which from priority places'),
  demandTransitStops: decimal('Of which from transit stops'),
  demandReports: decimal('Of which from residents\' reports'),
  reportCount: whole('Reports inside the gap'),
  devices: whole('Independent devices whose evidence confirms it'),
  confirmed: z.boolean().meta({ description: 'Enough independent devices confirm it' }),
  confirmationsNeeded: whole('Devices still needed to confirm it'),
  placeIds: z.array(z.number().int()).meta({ description: 'Priority places inside it' }),
});

export const recommendationProperties = z.strictObject({
  rank: whole('Greedy order'),
  site: text('Candidate site id'),
  label: text('Name of the site'),
  gain: decimal('Demand newly covered by this site'),
  cumulative: decimal('Demand covered by this and the sites before it'),
  cumulativeShare: share('That, as a share of the uncovered demand, 0–1'),
  reachM: whole('Reach assumed for a new outdoor access point, m'),
  covers: text('Ids of the demand points it covers, space-separated'),
});

export const wardCoverageProperties = z.strictObject({
  id: text('Area id, e.g. ward-3'),
  name: text('Name'),
  ward: z.number().int().nullable().meta({ description: 'Ward number' }),
  areaM2: z.number().nullable().meta({ description: 'Area, m²' }),
  coveredAreaM2: z.number().nullable().meta({ description: 'Area covered by free Wi-Fi, m²' }),
  coveredShare: share('Share covered, 0–1').nullable(),
});

export type LayerProperties = z.ZodObject<Record<string, z.ZodType>>;

/** The CSV columns of a layer after its id: the defined properties in order. */
export const columnsOf = (schema: LayerProperties): string[] => Object.keys(schema.shape).filter((k) => k !== 'id');
