// What the workspace says about the map as a whole: how much of it is measured, and how many gaps it has —
// one function each, so every tab says the same thing in the same words.
import type { CoverageStats, WhatIfResult } from '../api';
import type { EvidenceAreas } from '../../server/domain/coverage/types';
import { area, percent, plural } from './format';

/** "Measured: 0.40% of Kitchener (…); from readings nearby: 1.1%; predicted only: 98%." */
export function evidenceWords(e: EvidenceAreas): string {
  return (
    `Measured: ${percent(e.measuredShare)} of Kitchener (${area(e.measuredAreaM2)} with readings or reports of its own); ` +
    `from readings nearby: ${percent(e.nearbyShare)}; ` +
    `predicted only, from the registry: ${nearlyAll(e.predictedShare)}.`
  );
}

/** A share that may sit just under 100 %: "99.97%", never a "100%" that hides the part that was measured. */
function nearlyAll(share: number): string {
  return share >= 0.99 && share < 1 ? `${(Math.floor(share * 1e4) / 100).toFixed(2)}%` : percent(share);
}

/**
 * The one gap count every tab shows: ranked gaps, those of at least two cells. Single-cell gaps are
 * noise, never listed, and counting them in one tab but not another made the numbers disagree.
 */
export function gapCount(totals: CoverageStats['gaps'] | WhatIfResult['gaps']['before']): number {
  return totals.ranked;
}

export function gapCountWords(totals: CoverageStats['gaps'] | WhatIfResult['gaps']['before']): string {
  return plural(gapCount(totals), 'gap', 'gaps');
}

export const noGainM2 = 1; // m²: a new site adding less covered area than this adds none (the grid counts whole 25 m cells)

/** The warning for a new site that adds no covered area, or null when it adds some. */
export function noGainWarning(n: number, addsCoveredAreaM2: number | null): string | null {
  if (addsCoveredAreaM2 === null || addsCoveredAreaM2 >= noGainM2) return null; // null: not computed (a large scenario)
  return `New access point ${n} adds no covered area: free Wi-Fi already reaches where it would (or another new site covers it). Move it into a gap.`;
}
