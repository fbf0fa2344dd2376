// What the API answers, described once. The OpenAPI document is generated from these schemas
// (http/openapi.ts), the web client takes its response types from them (`import type`, client/api/),
// test/types/wire-conformance.ts holds the server's own return types to them, and the contract test
// (test/api/contract.ts) checks every answer the API tests receive against the document.
import { z } from 'zod';
import {
  AP_CONFIDENCES, AP_ENVIRONMENTS, AP_STATUSES, AREA_KINDS, BANDS, OBSERVATION_SOURCES, PLACE_KINDS, REPORT_KINDS, REPORT_STATUSES, ROLES, SITE_CANDIDATES, WIFI_EVIDENCE,
} from './vocabulary';
import { CLASS_NAMES } from './coverage/classes';
import { CONFIRMATION_REASONS } from './confirmation-count';
import { DROP_REASONS } from './wigle/matcher';
import { SEARCH_KINDS } from './search';
import { FIELD_ERRORS_MAX } from './limits';

const lonLat = z.tuple([z.number(), z.number()]).meta({ description: '[lon, lat], WGS84 degrees' });
const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]).meta({ description: '[minLon, minLat, maxLon, maxLat], WGS84 degrees' });
const time = z.string().meta({ format: 'date-time' });
const id = z.union([z.number(), z.string()]);
const share = z.number().min(0).max(1);

// ---- GeoJSON (RFC 7946) ----

const position = z.array(z.number()).min(2);
const pointGeometry = z.object({ type: z.literal('Point'), coordinates: position });
const polygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) });
const multiPolygonGeometry = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) });
const areaGeometry = z.union([polygonGeometry, multiPolygonGeometry]);

const feature = <G extends z.ZodType, P extends z.ZodType>(geometry: G, properties: P) =>
  z.object({ type: z.literal('Feature'), id: id.optional(), geometry, properties });
const featureCollection = <F extends z.ZodType>(item: F) => z.object({ type: z.literal('FeatureCollection'), features: z.array(item) });

/** Any GeoJSON FeatureCollection: the layer exports, whose properties differ per layer. */
export const anyFeatureCollection = z
  .looseObject({
    type: z.literal('FeatureCollection'),
    features: z.array(z.looseObject({ type: z.literal('Feature'), geometry: z.looseObject({ type: z.string() }).nullable(), properties: z.record(z.string(), z.unknown()).nullable() })),
  })
  .meta({ id: 'AnyFeatureCollection' });

// ---- client configuration, areas and places ----

export const appConfig = z
  .object({
    basemap: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('raster'), tiles: z.array(z.string()).meta({ description: 'XYZ template' }), attribution: z.string().optional() }),
        z.object({ type: z.literal('style'), url: z.string().meta({ description: 'a MapLibre style' }), attribution: z.string().optional() }),
      ])
      .nullable()
      .meta({ description: 'null: a plain background' }),
    serviceArea: z.object({ bbox, marginM: z.number().meta({ description: 'm around the city within which reports are accepted' }) }),
    reportKinds: z.array(z.object({ id: z.enum(REPORT_KINDS), label: z.string() })),
  })
  .meta({ id: 'AppConfig' });

export const areaProps = z.object({ id: z.string(), kind: z.enum(AREA_KINDS), name: z.string(), ward: z.int().nullable() }).meta({ id: 'AreaProperties' });
export const areaFeature = feature(areaGeometry, areaProps).meta({ id: 'Area' });
export const areaCollection = featureCollection(areaFeature).meta({ id: 'AreaCollection' });

export const placeProps = z
  .object({
    id: z.int(), name: z.string(), kind: z.enum(PLACE_KINDS), address: z.string().nullable(), wifiEvidence: z.enum(WIFI_EVIDENCE),
    demand: z.number().meta({ description: 'weight of the place in gaps and siting' }), source: z.string().nullable(),
  })
  .meta({ id: 'PlaceProperties' });
export const placeCollection = featureCollection(feature(pointGeometry, placeProps)).meta({ id: 'PlaceCollection' });

// ---- access points ----

export const accessPointAssessment = z
  .object({
    probablyDown: z.boolean(),
    readings: z.int().meta({ description: 'readings the fit used' }),
    devices: z.int(),
    fitted: z.object({ dbmAt1m: z.number(), n: z.number(), sigmaDb: z.number() }).nullable(),
    estimatedPosition: lonLat.nullable().meta({ description: 'where the readings place it, when they moved it' }),
    movedM: z.number(),
    learnedBssids: z.array(z.string()).meta({ description: 'BSSIDs the registry does not list for it, heard on its SSID centred within 100 m of it: taken as its own radios (add them to its entry to keep it so)' }),
    nearby: z.object({ pDown: share.meta({ description: 'chance it is off, given what phones near it heard (0 when phones named it)' }), devices: z.int(), heard: z.int(), othersHeard: z.int(), shouldHaveWon: z.int(), nothingHeard: z.int() }).nullable(),
  })
  .meta({ id: 'AccessPointAssessment', description: 'What the readings say about a registered access point' });

export const accessPointProps = z
  .object({
    id: z.int(), name: z.string(), ssid: z.string().nullable(), bssids: z.array(z.string()), operator: z.string().nullable(), venue: z.string().nullable(),
    address: z.string().nullable(), environment: z.enum(AP_ENVIRONMENTS), indoor: z.boolean().meta({ description: 'environment === "indoor", for older clients' }),
    status: z.enum(AP_STATUSES), eirpDbm: z.number(), band: z.enum(BANDS), rangeOverrideM: z.number().nullable(), confidence: z.enum(AP_CONFIDENCES),
    source: z.string().nullable(), createdAt: time, updatedAt: time,
    reachM: z.int().meta({ description: 'estimated reach, m (fitted from readings where there are enough)' }),
    probablyDown: z.boolean(),
    assessment: accessPointAssessment.nullable().optional(),
  })
  .meta({ id: 'AccessPointProperties' });
export const accessPointFeature = feature(pointGeometry, accessPointProps).meta({ id: 'AccessPoint' });
export const accessPointCollection = featureCollection(accessPointFeature).meta({ id: 'AccessPointCollection' });

// ---- reports ----

/** What anyone sees: the position rounded to its 25 m cell, the note only once staff publish it. */
export const publicReportProps = z
  .object({
    id: z.int(), kind: z.enum(REPORT_KINDS), status: z.enum(REPORT_STATUSES), createdAt: time, updatedAt: time, observedAt: time,
    confirmations: z.int(), note: z.string().nullable(), publicNote: z.string().nullable(), mergedInto: z.int().nullable(),
  })
  .meta({ id: 'PublicReportProperties' });
/** What staff see: the exact position, the resident's note, never a device or cohort key. */
export const staffReportProps = z
  .object({
    id: z.int(), clientId: z.string().nullable(), kind: z.enum(REPORT_KINDS), accuracyM: z.number().nullable(), note: z.string().nullable(),
    notePublished: z.boolean(), status: z.enum(REPORT_STATUSES), accessPointId: z.int().nullable(), observedAt: time, createdAt: time, updatedAt: time,
    confirmations: z.int(), publicNote: z.string().nullable(), mergedInto: z.int().nullable(),
  })
  .meta({ id: 'StaffReportProperties' });
export const publicReportFeature = feature(pointGeometry, publicReportProps).meta({ id: 'PublicReport' });
export const staffReportFeature = feature(pointGeometry, staffReportProps).meta({ id: 'StaffReport' });
export const reportFeature = z.union([publicReportFeature, staffReportFeature]).meta({ id: 'Report', description: 'StaffReport for planners and admins, else PublicReport' });
export const reportCollection = featureCollection(reportFeature).meta({ id: 'ReportCollection' });
export const confirmationResult = z
  .object({
    counted: z.boolean().meta({ description: 'counts as an independent voice (confirmations, coverage evidence)' }),
    reason: z.enum(CONFIRMATION_REASONS),
  })
  .meta({ id: 'ConfirmationResult' });
/** The report after a "me too", with a GeoJSON foreign member saying whether it counted. */
export const confirmedReport = publicReportFeature.extend({ confirmation: confirmationResult }).meta({ id: 'ConfirmedReport' });
export const reportHistory = z.array(z.object({ at: time, status: z.enum(REPORT_STATUSES), publicNote: z.string().nullable() })).meta({ id: 'ReportHistory' });

// ---- observations and devices ----

export const connectionTest = z.object({ latencyMs: z.number().nullable(), downMbps: z.number().nullable(), upMbps: z.number().nullable(), connectionType: z.string().nullable() });
/** Said to a client that sends readings with no device credential, so a simulation learns why they hardly move the map. */
export const ANONYMOUS_READINGS_NOTICE = 'Sent with no X-Device-Token: stored, but readings with no device credential weigh a hundredth on the public map, as nobody can tell whose they are. Ask POST /api/v1/devices for a credential once per phone and send it with every write.';
const anonymousNotice = z.string().optional().meta({ description: 'present only when the readings came with no device credential: what that means for the map' });
export const storedObservation = z
  .object({
    id: z.int(), clientId: z.string().nullable(), observedAt: time, position: lonLat, accuracyM: z.number().nullable(), source: z.enum(OBSERVATION_SOURCES),
    signalDbm: z.number().nullable(), noFreeNetwork: z.boolean(), ssid: z.string().nullable(), bssid: z.string().nullable(), accessPointId: z.int().nullable(),
    test: connectionTest.nullable(), created: z.boolean().meta({ description: 'false: a retry with the same clientId' }), notice: anonymousNotice,
  })
  .meta({ id: 'StoredObservation' });
export const observationBatchResult = z
  .object({ received: z.int(), created: z.int(), duplicates: z.int(), ids: z.array(z.int()), notice: anonymousNotice })
  .meta({ id: 'ObservationBatchResult' });
export const deviceCredential = z
  .object({ deviceToken: z.string().meta({ description: 'opaque; send as X-Device-Token' }), issuedAt: time })
  .meta({ id: 'DeviceCredential' });
export const uploadedBytes = z.object({ bytes: z.int() }).meta({ id: 'UploadedBytes' });

// ---- coverage ----

const coverageClass = z.enum(CLASS_NAMES);
export const coverageCellProps = z
  .object({
    id: z.int(), level: z.int().meta({ description: '0: cell, 1: 4 × 4 block, 2: 16 × 16 block' }), class: coverageClass, dbm: z.number().nullable(),
    confidence: share, pUsable: share.meta({ description: 'chance of usable free Wi-Fi (blocks: mean)' }), coveredShare: share,
  })
  .meta({ id: 'CoverageCellProperties' });
export const coverageCells = featureCollection(feature(polygonGeometry, coverageCellProps))
  .extend({ level: z.int(), cellSizeM: z.number() })
  .meta({ id: 'CoverageCells' });

export const gapSummary = z
  .object({
    id: z.int(), rank: z.int().nullable().meta({ description: '1 = first to fix; null for tiny gaps' }), tiny: z.boolean(), cells: z.int(), areaM2: z.number(),
    ward: z.object({ id: z.string(), name: z.string().nullable() }).nullable(), landmark: z.string().nullable(),
    demand: z.object({ total: z.number(), places: z.number(), transitStops: z.number(), reports: z.number().meta({ description: 'one point per device (cohort) that reported in the gap, however often; reports with no device credential are one together' }) }),
    placeIds: z.array(id), reportCount: z.int().meta({ description: 'reports in the gap, every one' }), devices: z.int(), confirmed: z.boolean(), confirmationsNeeded: z.int(), score: z.number(), bbox,
  })
  .meta({ id: 'GapSummary' });
export const gapList = z.array(gapSummary).meta({ id: 'GapList' });
export const gapCollection = featureCollection(feature(z.union([polygonGeometry, multiPolygonGeometry]), gapSummary))
  .extend({ numberMatched: z.int().optional().meta({ description: 'every gap the query matches, beyond the limit' }) })
  .meta({ id: 'GapCollection' });
export const gapDetail = feature(z.union([polygonGeometry, multiPolygonGeometry]), gapSummary.extend({ places: z.array(z.object({ id: z.int(), name: z.string(), kind: z.enum(PLACE_KINDS) })) }))
  .meta({ id: 'Gap' });

const expectedArea = {
  expectedCoveredAreaM2: z.number().meta({ description: 'Σ P(usable) × cell area, m²; P is learned from the cells phones measured' }),
  expectedCoveredIntervalM2: z.tuple([z.number(), z.number()]).meta({ description: '95 % interval, m²: the cells\' spread around Σ P plus each hotspot\'s curve being off as a whole (registry defaults 8 dB, a fit 6 dB / √phones) — wider above than below, as a hotspot\'s area grows exponentially with its level, never above the legal 30 dBm EIRP — widened to include the class-based coveredAreaM2, and never beyond areaM2' }),
};
const areaStats = z.object({
  id: z.string(), name: z.string().nullable(), areaM2: z.number(), coveredAreaM2: z.number(), coveredShare: share,
  byClassM2: z.object(Object.fromEntries(CLASS_NAMES.map((c) => [c, z.number()])) as Record<(typeof CLASS_NAMES)[number], z.ZodNumber>),
  ...expectedArea,
});
/** Readings stored but not yet in the coverage model (they join it within about a second). */
const ingestState = z.object({ pending: z.int(), lagMs: z.number().meta({ description: 'age of the oldest queued reading' }) });

export const coverageStats = z
  .object({
    city: areaStats, wards: z.array(areaStats),
    places: z.record(z.string(), z.object({ total: z.int(), covered: z.int(), share, outsideCity: z.int(), expectedCovered: z.number() })),
    hotspots: z.object({ fitted: z.int(), moved: z.int(), probablyDown: z.int(), discovered: z.int().meta({ description: 'hotspots phones found that are not in the registry, heard by enough phones to be drawn on the public map' }), suggested: z.int().meta({ description: 'more such finds, heard by fewer phones: suggested to planners in the Registry tab, not drawn' }), distrustedDevices: z.int().meta({ description: 'devices (cohorts) whose readings count for a hundredth: they contradict other phones where they overlap, or post loud readings no other phone backs far more often than an honest phone does' }) }),
    gaps: z.object({ count: z.int(), ranked: z.int(), tiny: z.int(), areaM2: z.number(), confirmed: z.int() }),
    cells: z.object({ inside: z.int(), covered: z.int(), cellSizeM: z.number() }),
    evidence: z.object({
      measuredAreaM2: z.number(), nearbyAreaM2: z.number(), predictedAreaM2: z.number(), measuredShare: share, nearbyShare: share, predictedShare: share,
    }).meta({ description: 'how much of the city is measured (readings or reports in the cell), informed by readings nearby, or predicted only' }),
    computedAt: time, modelVersion: z.int(),
    ingest: ingestState.extend({
      modelObservations: z.int().meta({ description: 'readings the model holds' }),
      settling: z.boolean().meta({ description: 'readings queued, a hotspot refresh due, or fits still catching up: the map will still change without new input' }),
    }).optional(),
  })
  .meta({ id: 'CoverageStats' });

export const contributor = z.object({
  accessPointId: id.nullable().meta({ description: 'null for a hotspot phones found that is not in the registry' }),
  discoveredBssid: z.string().optional(), distanceM: z.number(), predictedDbm: z.number(), model: z.enum(['default', 'calibrated', 'override']),
});
export const cellExplanation = z
  .object({
    cellId: z.int(), centre: lonLat, insideCity: z.boolean(), wardId: z.string().nullable(), predictedDbm: z.number().nullable(), contributors: z.array(contributor),
    evidence: z.object({
      weight: z.number(), samples: z.number(), devices: z.number(), reports: z.number(),
      newestAt: z.number().nullable().meta({ description: 'the day (UTC, ms since 1970) of the newest reading here; null unless two devices measured here, so no one phone\'s readings are dated' }),
      ageDays: z.int().nullable().meta({ description: 'whole days since the newest reading; null when newestAt is' }),
      setAside: z.object({
        spoofed: z.int().meta({ description: 'readings naming a hotspot phones heard in places no one hotspot spans (spoofed or moving), or where no placement of it could give them' }),
        implausible: z.int().meta({ description: 'readings louder than any hotspot known near could give, or "nothing" beside one phones keep hearing' }),
        unconfirmed: z.int().meta({ description: 'readings 20 dB or more weaker than a usable prediction here with no other phone\'s such reading within 100 m: they stay aside until another phone\'s comes, then both phones\' count' }),
        unbacked: z.int().meta({ description: 'usable readings 20 dB or more louder than the prediction in their cell with no other phone\'s such reading within 100 m: they stay aside until another phone\'s comes, then both phones\' count' }),
      }).meta({ description: 'readings taken here that count for nothing here, by why' }),
    }),
    fusedDbm: z.number().nullable(), class: coverageClass.nullable(), covered: z.boolean(), confidence: z.number(), pUsable: share.nullable(), uncertaintyDb: z.number().nullable(),
    pooled: z.object({ weight: z.number(), residualDb: z.number() }), summary: z.string(), gapId: z.int().nullable(),
  })
  .meta({ id: 'CellExplanation' });

export const coverageHistory = z
  .object({
    usableDbm: z.number().meta({ description: 'the lowest level counted as usable, dBm' }),
    months: z.array(z.object({
      month: z.string().meta({ description: 'YYYY-MM' }), measurements: z.int(), usableShare: share.nullable(),
      reports: z.object(Object.fromEntries(REPORT_KINDS.map((k) => [k, z.int()])) as Record<(typeof REPORT_KINDS)[number], z.ZodInt>),
    })),
  })
  .meta({ id: 'CoverageHistory' });

const beforeAfter = { before: z.number(), after: z.number() };
const gapTotals = z.object({ count: z.int(), ranked: z.int(), areaM2: z.number() });
export const scenarioResult = z
  .object({
    changedCells: z.int(),
    coveredAreaM2: z.object({ ...beforeAfter, change: z.number() }),
    coveredShare: z.object(beforeAfter),
    wards: z.array(z.object({ id: z.string(), coveredShareBefore: share, coveredShareAfter: share })),
    demandCovered: z.object({ ...beforeAfter, change: z.number(), newlyCoveredPlaceIds: z.array(id), lostPlaceIds: z.array(id) }),
    gaps: z.object({ before: gapTotals, after: gapTotals, top: z.array(gapSummary) }),
  })
  .meta({ id: 'ScenarioResult' });
export const whatIfResult = scenarioResult
  .extend({
    added: z.array(z.object({
      id: z.string(), position: lonLat, reachM: z.int(),
      addsCoveredAreaM2: z.number().nullable().meta({ description: 'covered area this site alone adds to the scenario (0: it adds nothing); null in scenarios of over 20 new sites' }),
    })).meta({ description: 'each new site with its reach and what it adds, in the order sent' }),
    computedMs: z.number(),
  })
  .meta({ id: 'WhatIfResult' });

export const recommendations = z
  .object({
    k: z.int(), candidateKind: z.enum(SITE_CANDIDATES), candidates: z.int(), newSiteReachM: z.int(), uncoveredDemand: z.number(),
    sites: z.array(z.object({
      rank: z.int(), id: z.string(), label: z.string(), position: lonLat, gain: z.number().meta({ description: 'demand this site adds on top of the sites before it' }),
      cumulative: z.number(), cumulativeShare: share, covers: z.array(z.string()),
    })),
  })
  .meta({ id: 'Recommendations' });

// ---- planners' tools ----

const scenarioBody = z.object({
  add: z.array(z.object({
    lon: z.number(), lat: z.number(), eirpDbm: z.number(), band: z.enum(BANDS), environment: z.enum(AP_ENVIRONMENTS), venue: z.string().optional(), rangeOverrideM: z.number().nullable(),
  })),
  move: z.array(z.object({ id: z.int(), lon: z.number(), lat: z.number() })),
  remove: z.array(z.int()),
  activate: z.array(z.int()),
});
export const savedScenario = z
  .object({ id: z.int(), name: z.string(), body: scenarioBody, createdBy: z.string().nullable(), createdAt: time, updatedAt: time })
  .meta({ id: 'SavedScenario' });
export const scenarioList = z.array(savedScenario).meta({ id: 'ScenarioList' });
export const evaluatedScenario = savedScenario.extend({ result: scenarioResult }).meta({ id: 'EvaluatedScenario' });
export const scenarioGeoJson = z
  .object({
    type: z.literal('FeatureCollection'), name: z.string(),
    features: z.array(feature(pointGeometry, z.object({
      change: z.enum(['add', 'move', 'remove', 'activate']), id: z.string().optional(), accessPointId: z.int().optional(), name: z.string().optional(),
      eirpDbm: z.number().optional(), band: z.enum(BANDS).optional(), environment: z.enum(AP_ENVIRONMENTS).optional(), indoor: z.boolean().optional(),
    }))),
  })
  .meta({ id: 'ScenarioChanges' });

const fieldError = z.object({ path: z.string(), message: z.string() });
const fieldErrors = z.array(fieldError).max(FIELD_ERRORS_MAX + 1).meta({
  description: `Every invalid field with its path, up to ${FIELD_ERRORS_MAX}; beyond that one last entry with an empty path counts the rest ("and 4,904 more problems not listed").`,
});
const importedAccessPoint = z.object({
  name: z.string(), ssid: z.string().nullable(), bssids: z.array(z.string()), operator: z.string().nullable(), venue: z.string().nullable(), address: z.string().nullable(),
  environment: z.enum(AP_ENVIRONMENTS), status: z.enum(AP_STATUSES), lon: z.number(), lat: z.number(), eirpDbm: z.number(), band: z.enum(BANDS),
  rangeOverrideM: z.number().nullable(), confidence: z.enum(AP_CONFIDENCES), source: z.string().nullable(),
});
export const registryImportResult = z
  .object({
    rows: z.int(), valid: z.int(), invalid: z.int(), committed: z.boolean(),
    preview: z.array(z.object({ row: z.int(), ok: z.boolean(), errors: fieldErrors, accessPoint: importedAccessPoint.nullable() })).optional()
      .meta({ description: 'with commit: false' }),
    ids: z.array(z.int()).optional().meta({ description: 'with commit: true: the new access points' }),
  })
  .meta({ id: 'RegistryImportResult' });

/** Listed at most: made-up names are cheap, and a planner needs the pattern, not every one. */
export const HEARD_APART_LISTED = 100;

export const discovery = z
  .object({
    id: z.string().meta({ description: 'the BSSID' }), bssid: z.string(), ssid: z.string().nullable(), position: lonLat.meta({ description: '[lon, lat] estimated from the readings' }),
    positionWithinM: z.int().meta({ description: 'how far the true position may lie from `position`, m: within this radius in about 9 cases of 10 (truth simulation: 78–93 %, 86 % overall); up to 1000' }),
    readings: z.int(), devices: z.int().meta({ description: 'independent devices (credential cohorts)' }), strongestDbm: z.number(),
    estimatedReachM: z.int().meta({ description: 'fitted reach at the covered threshold' }), firstSeen: time, lastSeen: time, status: z.literal('pending'),
    onPublicMap: z.boolean().meta({ description: 'its reach is drawn on the public map: heard by enough independent devices (3 by default); by fewer (2) it is a suggestion for planners only, and the map shows its readings where they were taken' }),
    besideListing: z
      .object({
        id: z.int(), name: z.string().nullable(), distanceM: z.int().meta({ description: 'from the listed position to `position`, m' }),
        listsBssids: z.boolean().meta({ description: 'false: its entry names its SSID but no BSSID, so this may be its own radio and the listing misplaced' }),
      })
      .nullable()
      .meta({ description: 'the active access point on the same SSID listed nearest, within 100 m (the distance a radio heard round a listing without BSSIDs is taken as its own); a planner may add the BSSID to it instead of accepting a new hotspot' }),
  })
  .meta({ id: 'Discovery' });
export const heardApart = z
  .object({
    bssid: z.string(), ssid: z.string().nullable(), readings: z.int(), devices: z.int().meta({ description: 'independent devices (credential cohorts)' }),
    spanM: z.int().meta({ description: 'how widely it was heard: the larger side, m, of the box its readings were taken in' }), strongestDbm: z.number(), firstSeen: time, lastSeen: time,
  })
  .meta({ id: 'HeardApart', description: 'a BSSID on a City network that phones named loudly in places no one hotspot spans: a spoofed name (phones agreeing on a made-up hotspot) or one that moves; not placed, suggested or drawn' });
export const discoveryList = z
  .object({
    discoveries: z.array(discovery),
    heardApart: z.array(heardApart).meta({ description: `not suggested, the most phones first; at most ${HEARD_APART_LISTED}` }),
    heardApartTotal: z.int().meta({ description: 'how many there are in all' }),
  })
  .meta({ id: 'DiscoveryList' });
export const rejectedDiscovery = z.object({ bssid: z.string(), status: z.literal('rejected') }).meta({ id: 'RejectedDiscovery' });

// ---- staff sessions and tokens ----

export const signedIn = z.object({ username: z.string(), role: z.enum(ROLES), csrfToken: z.string(), expiresAt: time }).meta({ id: 'SignedIn' });
export const session = z
  .object({ username: z.string(), role: z.enum(ROLES), csrfToken: z.string().nullable().meta({ description: 'null when signed in with an API token' }), via: z.enum(['session', 'token']) })
  .meta({ id: 'Session' });
export const createdToken = z
  .object({ id: z.int(), name: z.string(), token: z.string().meta({ description: 'shown once' }), expiresAt: time.nullable(), note: z.string() })
  .meta({ id: 'CreatedToken' });

// ---- data in and out ----

export const exportList = z
  .object({
    exports: z.array(z.object({
      id: z.string(), title: z.string(), description: z.string(), access: z.enum(['public', 'staff']),
      geojson: z.string().meta({ description: 'URL of the GeoJSON download' }), csv: z.string().meta({ description: 'URL of the CSV download' }),
    })),
    filters: z.record(z.string(), z.string()),
  })
  .meta({ id: 'ExportList' });
export const wigleImportSummary = z
  .object({
    importId: z.int(), format: z.string(), fileSha256: z.string(),
    rows: z.object({ read: z.int(), kept: z.int(), stored: z.int(), alreadyStored: z.int(), dropped: z.int() }),
    dropped: z.object(Object.fromEntries(DROP_REASONS.map((r) => [r, z.int()])) as Record<(typeof DROP_REASONS)[number], z.ZodInt>),
    earlierImport: z.object({ id: z.int(), at: time }).nullable().meta({ description: 'the same file imported before: why nothing new was stored' }),
    timeZone: z.string().meta({ description: 'how the file\'s times were read: UTC, or the City\'s zone for WiGLE app versions before 2.78 (phone-local times)' }),
  })
  .meta({ id: 'WigleImportSummary' });

export const health = z
  .object({
    status: z.literal('ok'), uptimeS: z.int().meta({ description: 'seconds since the process started' }),
    eventLoopLagMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
    coverage: ingestState.optional(),
  })
  .meta({ id: 'Health' });

/** An RFC 9457 problem: every invalid field with its path (the first 100, then a count). */
export const problem = z
  .looseObject({ type: z.string().optional(), title: z.string(), status: z.int(), detail: z.string().optional(), errors: fieldErrors.optional() })
  .meta({ id: 'Problem' });

export const openApiDocumentShape = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .meta({ id: 'OpenApiDocument' });

// ---- the types the client and the server share ----

// ---- Search and the embedded basemap ----

const searchResult = z.object({ kind: z.enum(SEARCH_KINDS), name: z.string(), detail: z.string().nullable(), lon: z.number(), lat: z.number() });
export const searchResults = z.object({ query: z.string(), results: z.array(searchResult) }).meta({ id: 'SearchResults' });
export const searchSource = z
  .object({
    streets: z.array(z.object({ name: z.string(), at: lonLat, numbers: z.array(z.string()), coords: z.array(z.number()).meta({ description: '1e-5 degrees, delta-encoded' }) })),
    places: z.array(z.object({ name: z.string(), kind: z.enum(SEARCH_KINDS), detail: z.string().nullable(), at: lonLat })),
  })
  .meta({ id: 'SearchSource' });

export type AppConfig = z.output<typeof appConfig>;
export type AreaProps = z.output<typeof areaProps>;
export type AreaFeature = z.output<typeof areaFeature>;
export type PlaceProps = z.output<typeof placeProps>;
export type AccessPointAssessment = z.output<typeof accessPointAssessment>;
export type AccessPointProps = z.output<typeof accessPointProps>;
export type PublicReportProps = z.output<typeof publicReportProps>;
export type StaffReportProps = z.output<typeof staffReportProps>;
export type ConfirmationResult = z.output<typeof confirmationResult>;
export type ReportHistoryEntry = z.output<typeof reportHistory>[number];
export type StoredObservation = z.output<typeof storedObservation>;
export type ObservationBatchResult = z.output<typeof observationBatchResult>;
export type DeviceCredential = z.output<typeof deviceCredential>;
export type CoverageCellProps = z.output<typeof coverageCellProps>;
export type CoverageCells = z.output<typeof coverageCells>;
export type GapSummary = z.output<typeof gapSummary>;
export type GapDetail = z.output<typeof gapDetail>;
export type CoverageStats = z.output<typeof coverageStats>;
export type CellExplanation = z.output<typeof cellExplanation>;
export type Contributor = z.output<typeof contributor>;
export type CoverageHistory = z.output<typeof coverageHistory>;
export type ScenarioResult = z.output<typeof scenarioResult>;
export type WhatIfResult = z.output<typeof whatIfResult>;
export type Recommendations = z.output<typeof recommendations>;
export type SavedScenario = z.output<typeof savedScenario>;
export type EvaluatedScenario = z.output<typeof evaluatedScenario>;
export type RegistryImportResult = z.output<typeof registryImportResult>;
export type Discovery = z.output<typeof discovery>;
export type HeardApart = z.output<typeof heardApart>;
export type RejectedDiscovery = z.output<typeof rejectedDiscovery>;
export type SignedIn = z.output<typeof signedIn>;
export type Session = z.output<typeof session>;
export type CreatedToken = z.output<typeof createdToken>;
export type ExportList = z.output<typeof exportList>;
export type WigleImportSummary = z.output<typeof wigleImportSummary>;
export type Health = z.output<typeof health>;
export type DiscoveryList = z.output<typeof discoveryList>;
export type UploadedBytes = z.output<typeof uploadedBytes>;
export type SearchResults = z.output<typeof searchResults>;
export type SearchSourceWire = z.output<typeof searchSource>;
