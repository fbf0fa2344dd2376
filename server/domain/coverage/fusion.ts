// Fusion: the prediction is a prior worth `priorWeight` fresh samples; measured evidence is averaged in
// with it, so it overrides the prediction as it accumulates.

/** Fused level, dBm: the weighted mean of the prior and the evidence. */
export function fuseDbm(priorDbm: number, priorWeight: number, evidenceWeight: number, evidenceWeightedDbm: number): number {
  if (evidenceWeight === 0) return priorDbm; // exactly the prior, not (w·p)/w rounded
  return (priorWeight * priorDbm + evidenceWeightedDbm) / (priorWeight + evidenceWeight);
}

/**
 * Confidence in [0, 1): the evidence's share of the fused value — 0 on prediction alone, 0.5 when the
 * evidence weighs as much as the prior, → 1 as it accumulates. Age enters through the decayed weights.
 */
export function confidenceOf(evidenceWeight: number, priorWeight: number): number {
  return evidenceWeight / (evidenceWeight + priorWeight);
}
