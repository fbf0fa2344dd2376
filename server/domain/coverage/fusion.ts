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

/** Standard normal cumulative distribution Φ(z) (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2, t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** P(usable): the chance a level spread `sigmaDb` about `dbm` is at or above the covered threshold. */
export function usableChance(dbm: number, sigmaDb: number, coveredMinDbm: number): number {
  return normalCdf((dbm - coveredMinDbm) / sigmaDb);
}

/**
 * One cell of the pooled model: the prior (worth `priorReadings` readings in the mean, `priorSigmaDb` wide) moved by the pooled evidence
 * (`pooledWeight` readings whose weighted residuals sum to `pooledResidual`) and its spread. P(usable) follows from
 * them (usableChance), computed by the engine from the level and spread it stores, so every path gives the same P.
 */
export function fuseCell(priorDbm: number, priorReadings: number, priorSigmaDb: number, pooledWeight: number, pooledResidual: number, readingSigmaDb: number, floorSigmaDb = 0) {
  const strength = priorReadings + pooledWeight;
  const dbm = priorDbm + pooledResidual / strength;
  // The level's spread: the prior's own (how far that kind of prediction is off) narrowed by the readings, but
  // never below the floor (neighbours' readings are not this cell's, and a fix may belong to the next cell).
  const sigma = Math.sqrt(floorSigmaDb * floorSigmaDb + 1 / (1 / (priorSigmaDb * priorSigmaDb) + pooledWeight / (readingSigmaDb * readingSigmaDb)));
  return { dbm, sigma, confidence: pooledWeight / strength };
}
