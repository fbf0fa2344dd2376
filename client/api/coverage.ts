// The coverage model: cells for the map, ranked gaps, statistics, "why this colour?", evidence over time,
// and the planners' what-if and site recommendations.
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { z } from 'zod';
import type * as wire from '../../server/domain/wire';
import type { Schemas } from '../../server/domain/schemas';
import type { SiteCandidates } from '../../server/domain/vocabulary';
import { base, fresh, request, round6, type BBox, type Optional } from './request';

export type CoverageStats = wire.CoverageStats;
/** A ward's or the city's covered share; the expected area and classes are optional to the charts. */
export type AreaShare = Optional<CoverageStats['city'], 'expectedCoveredAreaM2' | 'expectedCoveredIntervalM2' | 'byClassM2'>;
export type PlaceShare = CoverageStats['places'][string];
/** What readings say about hotspots city-wide. */
export type HotspotCounts = CoverageStats['hotspots'];
export type CoverageClass = wire.CoverageCellProps['class'];
export type CoverageCellProps = wire.CoverageCellProps;
export type CoverageCollection = FeatureCollection<Polygon, CoverageCellProps> & { level?: number; cellSizeM?: number };
export type GapSummary = wire.GapSummary;
export type GapCollection = FeatureCollection<Polygon | MultiPolygon, GapSummary> & Pick<z.output<typeof wire.gapCollection>, 'numberMatched'>; // numberMatched: every gap the query matches, beyond the limit
export type GapDetail = Feature<Polygon | MultiPolygon, wire.GapDetail['properties']>;
/** "Why this colour?"; the probability, spread, pooling and sentence are read defensively (answers cached before they existed). */
export type CellExplanation = Optional<wire.CellExplanation, 'pUsable' | 'uncertaintyDb' | 'pooled' | 'summary'>;
export type CoverageMonth = wire.CoverageHistory['months'][number];
export type CandidateKind = SiteCandidates;
export type Recommendations = wire.Recommendations;
export type RecommendedSite = Recommendations['sites'][number];
/** A what-if scenario as the server's edge schema accepts it (defaults filled in by the server). */
export type ScenarioBody = Optional<Required<z.input<Schemas['whatIf']>>, 'activate'>;
export type WhatIfResult = wire.WhatIfResult;

export function getCoverageCells(bbox: BBox, zoom: number, signal?: AbortSignal): Promise<CoverageCollection> {
  return request(`${base}/coverage/cells?bbox=${bbox.join(',')}&zoom=${zoom}`, { signal });
}

/** Ranked gaps with their outlines, best to fix first. */
export function getGapOutlines(): Promise<GapCollection> {
  return request(`${base}/coverage/gaps`);
}

/** The ranked gaps (city-wide ranks), optionally only those in one ward (`ward-3`). */
export function getGaps(limit: number, ward?: string): Promise<GapSummary[]> {
  return request(`${base}/coverage/gaps?format=json&limit=${limit}${ward ? `&ward=${encodeURIComponent(ward)}` : ''}`, fresh);
}

export function getGap(id: number): Promise<GapDetail> {
  return request(`${base}/coverage/gaps/${id}`, fresh);
}

export function getCoverageStats(signal?: AbortSignal): Promise<CoverageStats> {
  return request(`${base}/coverage/stats`, { ...fresh, signal });
}

export function explainCoverage(lon: number, lat: number): Promise<CellExplanation> {
  return request(`${base}/coverage/explain?lon=${round6(lon)}&lat=${round6(lat)}`);
}

export function getCoverageHistory(months: number): Promise<wire.CoverageHistory> {
  return request(`${base}/coverage/history?months=${months}`, fresh);
}

export function getRecommendations(k: number, candidates: CandidateKind): Promise<Recommendations> {
  return request(`${base}/planning/recommendations?k=${k}&candidates=${candidates}`, fresh);
}

export function whatIf(scenario: ScenarioBody, signal?: AbortSignal): Promise<WhatIfResult> {
  return request(`${base}/coverage/what-if`, { method: 'POST', json: scenario, staff: true, signal });
}
