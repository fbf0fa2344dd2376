// How coverage cells and gap outlines look, shared by both renderers and the legend.
import type { CoverageClass } from '../api';

// Okabe–Ito hues, ordered from usable to none: told apart with every common colour-vision deficiency.
// Blue stays reserved for the access points and their reach.
export const coverageColours: Record<CoverageClass, string> = {
  good: '#009e73', // ≥ −67 dBm
  fair: '#f0e442', // −75 … −67 dBm
  poor: '#e69f00', // −85 … −75 dBm
  none: '#d55e00', // below −85 dBm, or no free network heard
};

export const coverageClasses: CoverageClass[] = ['good', 'fair', 'poor', 'none'];

export const coverageLabels: Record<CoverageClass, string> = {
  good: 'Good signal',
  fair: 'Fair signal',
  poor: 'Poor signal',
  none: 'No usable signal',
};

/**
 * Opacity rises with confidence, so a prediction with no evidence behind it stays fainter. The floor is
 * lower for the classes that are not usable Wi-Fi: a wide "poor" fringe must not outshout the places
 * where free Wi-Fi really works.
 */
export const coverageOpacity = {
  min: { good: 0.55, fair: 0.55, poor: 0.3, none: 0.15 } as Record<CoverageClass, number>, // confidence 0: a prediction only
  max: 0.85, // confidence 1: dense, recent evidence
} as const;

export function cellOpacity(cls: CoverageClass, confidence: number): number {
  const c = Math.min(1, Math.max(0, confidence || 0));
  const min = coverageOpacity.min[cls] ?? coverageOpacity.min.none;
  return min + (coverageOpacity.max - min) * c;
}

export const minNoneConfidence = 0.05; // a predicted-only "none" cell is not drawn: the gap outline already shows it

export const gapStyle = {
  stroke: '#8e0152', // dark magenta: apart from the coverage hues and the Wi-Fi blue
  strokeWidth: 2.5,
  dash: [2, 1.5], // in line widths: an unconfirmed gap is dashed, a confirmed one solid
  // Gaps are neighbourhood-sized (ward × 1 km square): across the whole city their outlines would be a
  // lattice over the map, so they start thin and faint and take their full weight at street zooms.
  thinUpToZoom: 11,
  fullFromZoom: 14,
  thinWidth: 1,
  thinOpacity: 0.5,
  // A city view outlined every gap as a lattice of 1 km squares that said nothing: there only the worst few
  // (the top of the Gaps list) are outlined, and every gap from the zoom where a block is readable.
  allFromZoom: 13, // MapLibre zoom
  topRanksAtCityZoom: 10,
} as const;

/** Whether a gap of this rank is outlined at a (MapLibre) zoom. */
export function gapOutlinedAt(zoom: number, rank: number | null | undefined): boolean {
  return zoom >= gapStyle.allFromZoom || (rank != null && rank <= gapStyle.topRanksAtCityZoom);
}

/** The gap outline's width and opacity at a zoom (what MapLibre's interpolate expression draws). */
export function gapLineAt(zoom: number): { width: number; opacity: number } {
  const t = Math.min(1, Math.max(0, (zoom - gapStyle.thinUpToZoom) / (gapStyle.fullFromZoom - gapStyle.thinUpToZoom)));
  return { width: gapStyle.thinWidth + t * (gapStyle.strokeWidth - gapStyle.thinWidth), opacity: gapStyle.thinOpacity + t * (1 - gapStyle.thinOpacity) };
}
