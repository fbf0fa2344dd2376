// The edge schemas: loose JSON in, one strict internal type out, every problem listed with its path.
import { z } from 'zod';
import * as limits from './limits';
import type { ServiceArea } from './service-area';
import { wardAreaId } from './layer-query';
import { SEARCH_LIMITS } from './search';
import { environmentFrom, indoorAgrees } from './ap-environment';
import {
  AP_CONFIDENCES, AP_ENVIRONMENTS, AP_STATUSES, BANDS, DEFAULT_AP_ENVIRONMENT, OBSERVATION_SOURCES, PLACE_KINDS, REPORT_KINDS, REPORT_STATUSES, SITE_CANDIDATES, type ApEnvironment, type BBox,
} from './types';

export interface FieldError {
  path: string;
  message: string;
}

/**
 * Flattens zod issues into one error per field; an unknown key is reported at its own path. At most
 * FIELD_ERRORS_MAX are listed, then one entry counts the rest: a body of thousands of unknown keys must
 * not cost more to answer than to send.
 */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const listed: FieldError[] = [];
  let unlisted = 0;
  for (const issue of error.issues) {
    const at = issue.path.map(String);
    const room = Math.max(0, limits.FIELD_ERRORS_MAX - listed.length);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys.slice(0, room)) listed.push({ path: [...at, key].join('.'), message: 'unknown field' });
      unlisted += Math.max(0, issue.keys.length - room);
    } else if (room > 0) listed.push({ path: at.join('.'), message: issue.message });
    else unlisted += 1;
  }
  if (unlisted > 0) listed.push({ path: '', message: `and ${unlisted.toLocaleString('en-CA')} more problems not listed` });
  return listed;
}

const lon = z.number({ error: 'must be a number (longitude, degrees)' }).min(-180).max(180);
const lat = z.number({ error: 'must be a number (latitude, degrees)' }).min(-90).max(90);
const accuracyM = z.number().positive().max(limits.ACCURACY_M_MAX, `must be at most ${limits.ACCURACY_M_MAX} m`);
const mac = z
  .string()
  .regex(/^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/, 'must be a MAC address such as 00:11:22:aa:bb:cc')
  .transform((s) => s.toLowerCase().replaceAll('-', ':'));
const ssid = z
  .string()
  .min(1)
  .refine((s) => Buffer.byteLength(s, 'utf8') <= limits.SSID_MAX_BYTES, `must be at most ${limits.SSID_MAX_BYTES} bytes`);
const shortText = z.string().trim().min(1).max(limits.NAME_MAX_CHARS);
/** The body's random install id from before device credentials: kept only as a keyed hash; counts as an unknown device. */
const legacyDeviceId = z.uuid().optional().meta({
  deprecated: true,
  description: 'Legacy: a random id per install, stored only as a keyed hash. A write that carries only this counts as an unknown device and never as an independent one (for "probably down", discoveries, confirmations); send X-Device-Token from POST /devices instead.',
});

/** A time in ISO 8601 with a zone, not in the future and not before phones had a clock fix. */
function pastTime(now: () => number) {
  return z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with a zone, e.g. 2026-05-01T14:30:00Z' }).superRefine((s, ctx) => {
    const t = Date.parse(s);
    if (t > now() + limits.FUTURE_SKEW_MS) ctx.addIssue({ code: 'custom', message: `${s} is in the future` });
    else if (t < limits.OLDEST_TIME) ctx.addIssue({ code: 'custom', message: `${s} is before 2010: the device clock was probably not set` });
  });
}

/**
 * Runs a cross-field rule whenever the fields it reads are valid, even if other fields are not,
 * so one response lists every problem instead of revealing them one round trip at a time.
 */
function whenValid(...keys: string[]) {
  return {
    when: (payload: z.core.ParsePayload) =>
      typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) &&
      !payload.issues.some((issue) => {
        const path = issue.path ?? [];
        return path.length === 0 ? issue.code !== 'unrecognized_keys' : keys.includes(String(path[0]));
      }),
  };
}

/** Adds the "outside Kitchener" problem for a lon/lat pair once both are valid numbers. */
function insideServiceArea(area: ServiceArea) {
  return (value: { lon: number; lat: number }, ctx: z.RefinementCtx) => {
    if (!area.contains([value.lon, value.lat]))
      ctx.addIssue({
        code: 'custom',
        path: ['lon'],
        message: `position (${value.lon}, ${value.lat}) is outside Kitchener: reports and observations are accepted within the city and ${area.marginM} m around it`,
      });
  };
}

const environment = z.enum(AP_ENVIRONMENTS).meta({
  description: `Where the access point sits: ${AP_ENVIRONMENTS.join(', ')}. Default ${DEFAULT_AP_ENVIRONMENT} (most public Wi-Fi is inside a building). Wins over indoor.`,
});
const indoor = z.boolean().meta({
  description: 'Older form of environment: true means indoor, false outdoor_urban. If both are given they must agree.',
});

/** Both `environment` and `indoor` given and saying different things: a problem at each path. */
function environmentAgrees(value: { environment?: ApEnvironment; indoor?: boolean }, ctx: z.RefinementCtx) {
  const { environment: env, indoor: flag } = value;
  if (env === undefined || flag === undefined || indoorAgrees(env, flag)) return;
  ctx.addIssue({ code: 'custom', path: ['environment'], message: `"${env}" disagrees with indoor: ${flag}; give environment alone` });
  ctx.addIssue({ code: 'custom', path: ['indoor'], message: `${flag} disagrees with environment "${env}"; indoor is derived from environment` });
}

/** Input with `environment` and/or `indoor` → one `environment` (given, from indoor, or the default), no `indoor`. */
const resolveEnvironment = <T extends { environment?: ApEnvironment; indoor?: boolean }>({ indoor: flag, ...rest }: T) => ({
  ...rest,
  environment: environmentFrom(rest.environment, flag),
});

export function makeSchemas(area: ServiceArea, now: () => number = Date.now) {
  const reportCreate = z
    .strictObject({
      kind: z.enum(REPORT_KINDS),
      lon,
      lat,
      accuracyM: accuracyM.optional(),
      note: z.string().trim().max(limits.NOTE_MAX_CHARS, `must be at most ${limits.NOTE_MAX_CHARS} characters`).optional(),
      clientId: z.uuid().optional(),
      deviceId: legacyDeviceId,
      observedAt: pastTime(now).optional(),
      accessPointId: z.int().positive().optional(),
    })
    .superRefine(insideServiceArea(area), whenValid('lon', 'lat'));

  const connectionTest = z.strictObject({
    latencyMs: z.number().min(0).max(limits.LATENCY_MS_MAX).nullable().optional(),
    downMbps: z.number().min(0).max(limits.THROUGHPUT_MBPS_MAX).nullable().optional(),
    upMbps: z.number().min(0).max(limits.THROUGHPUT_MBPS_MAX).nullable().optional(),
    connectionType: z.string().max(40).nullable().optional(),
  });

  const observationCreate = z
    .strictObject({
      observedAt: pastTime(now),
      lon,
      lat,
      accuracyM: accuracyM.optional(),
      source: z.enum(OBSERVATION_SOURCES).default('app'),
      signalDbm: z
        .number()
        .min(limits.SIGNAL_DBM_MIN, `must be at least ${limits.SIGNAL_DBM_MIN} dBm`)
        .max(limits.SIGNAL_DBM_MAX, `must be at most ${limits.SIGNAL_DBM_MAX} dBm`)
        .optional(),
      noFreeNetwork: z.boolean().optional(),
      ssid: ssid.optional(),
      bssid: mac.optional(),
      accessPointId: z.int().positive().optional(),
      test: connectionTest.optional(),
      clientId: z.uuid().optional(),
      deviceId: legacyDeviceId,
    })
    .superRefine(insideServiceArea(area))
    .superRefine((o, ctx) => {
      if (o.noFreeNetwork && o.signalDbm !== undefined)
        ctx.addIssue({ code: 'custom', path: ['signalDbm'], message: 'give either signalDbm or noFreeNetwork: true, not both' });
      if (o.signalDbm === undefined && !o.noFreeNetwork && !o.test)
        ctx.addIssue({ code: 'custom', path: ['signalDbm'], message: 'an observation needs signalDbm, noFreeNetwork: true or a connection test' });
    }, whenValid('signalDbm', 'noFreeNetwork', 'test'));

  const observationBatch = z.strictObject({
    observations: z.array(observationCreate).min(1).max(limits.BATCH_MAX, `at most ${limits.BATCH_MAX} observations per request`),
  });

  const accessPointFields = {
    name: shortText,
    ssid: ssid.nullable(),
    bssids: z.array(mac).max(64),
    operator: shortText.nullable(),
    venue: shortText.nullable(),
    address: shortText.nullable(),
    environment,
    indoor,
    status: z.enum(AP_STATUSES),
    lon,
    lat,
    eirpDbm: z.number().min(limits.EIRP_DBM_MIN).max(limits.EIRP_DBM_MAX),
    band: z.enum(BANDS),
    rangeOverrideM: z.number().gt(limits.RANGE_OVERRIDE_M_MIN).max(limits.RANGE_OVERRIDE_M_MAX).nullable(),
    confidence: z.enum(AP_CONFIDENCES),
    source: z.string().trim().max(limits.NOTE_MAX_CHARS).nullable(),
  };
  const accessPointCreate = z
    .strictObject({
      ...accessPointFields,
      ssid: accessPointFields.ssid.default(null),
      bssids: accessPointFields.bssids.default([]),
      operator: accessPointFields.operator.default(null),
      venue: accessPointFields.venue.default(null),
      address: accessPointFields.address.default(null),
      environment: environment.optional(), // resolved below: given, from indoor, or DEFAULT_AP_ENVIRONMENT
      indoor: indoor.optional(),
      status: accessPointFields.status.default('active'),
      eirpDbm: accessPointFields.eirpDbm.default(20),
      band: accessPointFields.band.default('2.4'),
      rangeOverrideM: accessPointFields.rangeOverrideM.default(null),
      confidence: accessPointFields.confidence.default('unverified'),
      source: accessPointFields.source.default(null),
    })
    .superRefine(insideServiceArea(area), whenValid('lon', 'lat'))
    .superRefine(environmentAgrees, whenValid('environment', 'indoor'))
    .transform(resolveEnvironment);
  const accessPointPatch = z
    .strictObject(accessPointFields)
    .partial()
    .superRefine((p, ctx) => {
      if (Object.keys(p).length === 0) ctx.addIssue({ code: 'custom', message: 'nothing to change: give at least one field' });
      if ((p.lon === undefined) !== (p.lat === undefined))
        ctx.addIssue({ code: 'custom', path: [p.lon === undefined ? 'lon' : 'lat'], message: 'move an access point with both lon and lat' });
      else if (p.lon !== undefined && p.lat !== undefined) insideServiceArea(area)({ lon: p.lon, lat: p.lat }, ctx);
    }, whenValid('lon', 'lat'))
    .superRefine(environmentAgrees, whenValid('environment', 'indoor'))
    // indoor alone changes the environment; neither leaves it as it is.
    .transform(({ indoor: flag, ...rest }) => (flag === undefined && rest.environment === undefined ? rest : { ...rest, environment: environmentFrom(rest.environment, flag) }));

  const bboxParam = z
    .string()
    .transform((s, ctx): BBox => {
      const parts = s.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
      const [minLon, minLat, maxLon, maxLat] = parts;
      const ok =
        parts.length === 4 && parts.every(Number.isFinite) &&
        minLon >= -180 && maxLon <= 180 && minLat >= -90 && maxLat <= 90 && minLon <= maxLon && minLat <= maxLat;
      if (!ok) {
        ctx.addIssue({ code: 'custom', message: `"${s}" is not minLon,minLat,maxLon,maxLat in degrees with min ≤ max` });
        return z.NEVER;
      }
      return [minLon, minLat, maxLon, maxLat];
    })
    .optional();
  const timeParam = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with a zone' }).optional();
  // Lists are deduplicated at the edge: a list of known values is then never longer than the vocabulary.
  const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
    z
      .string()
      .transform((s) => [...new Set(s.split(',').map((v) => v.trim()))])
      .pipe(z.array(z.enum(values)).max(values.length))
      .optional();

  return {
    reportCreate,
    observationCreate,
    observationBatch,
    accessPointCreate,
    accessPointPatch,
    signIn: z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }),
    tokenCreate: z.strictObject({
      name: shortText,
      expiresInDays: z.int().min(1).max(limits.TOKEN_DAYS_MAX, `at most ${limits.TOKEN_DAYS_MAX} days`).optional(), // absent: valid until revoked
    }),
    accessPointQuery: z.strictObject({ bbox: bboxParam, status: listOf(AP_STATUSES) }),
    placeQuery: z.strictObject({ bbox: bboxParam, kind: listOf(PLACE_KINDS) }),
    reportQuery: z
      .strictObject({
        bbox: bboxParam,
        since: timeParam,
        until: timeParam,
        status: listOf(REPORT_STATUSES),
        kind: listOf(REPORT_KINDS),
        ids: z
          .string()
          .transform((s) => [...new Set(s.split(',').map((v) => (v.trim() === '' ? NaN : Number(v))))])
          .pipe(z.array(z.int().positive()).max(limits.IDS_PER_QUERY_MAX, `at most ${limits.IDS_PER_QUERY_MAX} different ids`))
          .optional(),
        near: z
          .string()
          .transform((s) => s.split(',').map((v) => (v.trim() === '' ? NaN : Number(v))))
          .pipe(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)], { error: 'must be lon,lat' }))
          .optional(),
        radiusM: z.coerce.number().positive().max(1_000, 'at most 1000 m').default(50), // m: "me too" looks about 50 m around
        ward: z.coerce.number().int().min(1).max(10).optional(), // Kitchener ward number, for triage
        olderThanDays: z.coerce.number().min(0).max(3650).optional(),
        sort: z.enum(['oldest', 'newest', 'confirmations']).default('oldest'),
      })
      .superRefine((q, ctx) => {
        if (q.since && q.until && Date.parse(q.since) > Date.parse(q.until))
          ctx.addIssue({ code: 'custom', path: ['until'], message: 'until is before since' });
      }),
    reportChange: z.strictObject({
      status: z.enum(REPORT_STATUSES),
      publicNote: z.string().trim().min(1).max(limits.NOTE_MAX_CHARS).optional(),
      notePublished: z.boolean().optional(),
      mergedInto: z.int().positive().optional(),
    }),
    coverageCellsQuery: z.strictObject({
      bbox: bboxParam.unwrap().optional(),
      zoom: z.coerce.number().min(0).max(24).default(14), // map zoom: picks 25 m cells, 100 m or 400 m blocks
    }),
    gapsQuery: z.strictObject({
      limit: z.coerce.number().int().min(1).max(1_000).default(50),
      includeTiny: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
      format: z.enum(['json', 'geojson']).default('geojson'),
      ward: wardAreaId.optional(), // only the gaps in this ward, `ward-3` or `3` (each gap lies in one)
    }),
    searchQuery: z.strictObject({
      q: z.string().trim().min(SEARCH_LIMITS.minQueryChars, `type at least ${SEARCH_LIMITS.minQueryChars} characters`).max(SEARCH_LIMITS.queryChars),
      limit: z.coerce.number().int().min(1).max(SEARCH_LIMITS.maxResults).default(SEARCH_LIMITS.defaultResults),
    }),
    explainQuery: z.strictObject({ lon: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) }),
    whatIf: z
      .strictObject({
        add: z
          .array(
            z.strictObject({
              lon, lat,
              eirpDbm: z.number().min(limits.EIRP_DBM_MIN).max(limits.EIRP_DBM_MAX).default(20),
              band: z.enum(BANDS).default('2.4'),
              environment: environment.optional(), // resolved below, as for a new access point
              indoor: indoor.optional(),
              venue: shortText.optional(), // a label only: the environment, not the venue, sets the reach
              rangeOverrideM: z.number().gt(limits.RANGE_OVERRIDE_M_MIN).max(limits.RANGE_OVERRIDE_M_MAX).nullable().default(null),
            })
              .superRefine(insideServiceArea(area), whenValid('lon', 'lat'))
              .superRefine(environmentAgrees, whenValid('environment', 'indoor'))
              .transform(resolveEnvironment),
          )
          .max(200)
          .default([]),
        move: z.array(z.strictObject({ id: z.int().positive(), lon, lat }).superRefine(insideServiceArea(area), whenValid('lon', 'lat'))).max(200).default([]),
        remove: z.array(z.int().positive()).max(200).default([]),
        activate: z.array(z.int().positive()).max(200).default([]),
      }),
    recommendationsQuery: z.strictObject({
      k: z.coerce.number().int().min(1).max(50).default(5),
      candidates: z.enum(SITE_CANDIDATES).default('city_places'),
    }),
    registryImport: z.strictObject({
      format: z.enum(['csv', 'geojson']),
      content: z.string().min(1, 'the file is empty').max(2_000_000, 'at most 2 MB per import'),
      commit: z.boolean().default(false), // false: preview only, nothing is written
    }),
    scenarioSave: z.strictObject({ name: shortText, scenario: z.unknown() }),
    historyQuery: z.strictObject({ months: z.coerce.number().int().min(1).max(120).default(24) }),
    confirmation: z.strictObject({ clientId: z.uuid().optional(), deviceId: legacyDeviceId }),
    reopen: z.strictObject({ clientId: z.uuid().optional(), deviceId: legacyDeviceId }),
    idParam: z.strictObject({ id: z.coerce.number().int().positive() }),
  };
}

export type Schemas = ReturnType<typeof makeSchemas>;
export type ReportInput = z.output<Schemas['reportCreate']>;
export type ObservationInput = z.output<Schemas['observationCreate']>;
export type AccessPointInput = z.output<Schemas['accessPointCreate']>;
export type AccessPointPatch = z.output<Schemas['accessPointPatch']>;
export type ReportQuery = z.output<Schemas['reportQuery']>;
export type ReportChangeInput = z.output<Schemas['reportChange']>;
export type WhatIfInput = z.output<Schemas['whatIf']>;
