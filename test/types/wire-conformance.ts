// Type-level tests, checked by `tsc --noEmit` (npm run typecheck): the server's own return types fit the wire
// schemas the OpenAPI document is generated from (domain/wire.ts), and the client's wire types are the
// server's, so a shape that changes on one side only is a compile error. Nothing here runs.
import type * as wire from '../../server/domain/wire';
import type * as client from '../../client/api';
import type { AccessPoint, Observation, Place, Report, ReportHistoryEntry } from '../../server/domain/types';
import type { CoverageEngine } from '../../server/domain/coverage';
import type { AccessPointAssessment } from '../../server/http/geojson';
import type { DiscoveryView } from '../../server/services/hotspots';
import type { recommendSites } from '../../server/services/siting';
import type { WigleImportSummary } from '../../server/services/wigle-import';
import type { SavedScenario } from '../../server/store/scenarios';
import type { DeviceCredentials } from '../../server/services/device-credentials';

/** Compiles only when A can be sent where the wire type B is declared. */
type Fits<A extends B, B> = [A, B];
/** Compiles only when A and B are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const same = <A, B>(verdict: Same<A, B>) => verdict;

// ---- the server sends what the document says ----
export type ServerFits = [
  Fits<ReturnType<CoverageEngine['statistics']> & { computedAt: string; modelVersion: number }, wire.CoverageStats>,
  Fits<ReturnType<CoverageEngine['explainCell']>, wire.CellExplanation>,
  Fits<ReturnType<CoverageEngine['gaps']>, wire.GapSummary[]>,
  Fits<ReturnType<CoverageEngine['whatIf']> & Pick<wire.WhatIfResult, 'added' | 'computedMs'>, wire.WhatIfResult>,
  Fits<ReturnType<typeof recommendSites>, wire.Recommendations>,
  Fits<DiscoveryView, wire.Discovery>,
  Fits<WigleImportSummary, wire.WigleImportSummary>,
  Fits<AccessPointAssessment, wire.AccessPointAssessment>,
  Fits<Omit<AccessPoint, 'position'> & { reachM: number; probablyDown: boolean; assessment?: AccessPointAssessment }, wire.AccessPointProps>,
  Fits<Omit<Report, 'position' | 'deviceKey' | 'cohortKey'>, wire.StaffReportProps>,
  Fits<ReportHistoryEntry, wire.ReportHistoryEntry>,
  Fits<Omit<Place, 'position'>, wire.PlaceProps>,
  Fits<SavedScenario, wire.SavedScenario>,
  Fits<Omit<Observation, 'position'> & { position: [number, number]; created: boolean }, wire.StoredObservation>, // readonly or not is no matter on the wire
  Fits<ReturnType<DeviceCredentials['issue']>, wire.DeviceCredential>,
];

// ---- the client reads what the server sends ----
export const clientIsServer = [
  same<client.GapSummary, wire.GapSummary>(true),
  same<client.CoverageStats, wire.CoverageStats>(true),
  same<client.RegistryEntryProps, wire.AccessPointProps>(true),
  same<client.StaffReportProps, wire.StaffReportProps>(true),
  same<client.PublicReportProps, wire.PublicReportProps>(true),
  same<client.Recommendations, wire.Recommendations>(true),
  same<client.WhatIfResult, wire.WhatIfResult>(true),
  same<client.Discovery, wire.Discovery>(true),
  same<client.AppConfig, wire.AppConfig>(true),
];

// ---- drift is a compile error ----
// Issue 14 found the hand-written client saying a gap's rank is always a number while the server sends null
// for tiny gaps. Written that way again, tsc refuses it (and this line fails if it ever stops refusing):
// @ts-expect-error the server's rank is number | null
export const handWrittenRank = same<client.GapSummary['rank'], number>(true);
