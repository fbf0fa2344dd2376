// Where the next access points should go: greedy maximal covering. Existing access points are fixed;
// each round adds the candidate that covers the most still-uncovered demand. Greedy is within
// (1 − 1/e) ≈ 63 % of the optimum for this (submodular) problem, and exact on many real layouts.

export interface DemandPoint {
  id: string;
  x: number; // m, local projection
  y: number; // m
  weight: number; // demand: place weight, transit stop, reports
}

export interface Candidate {
  id: string;
  x: number;
  y: number;
  reachM: number; // m: how far an access point here would reach at the "covered" threshold
  label?: string;
}

export interface Pick {
  candidate: Candidate;
  gain: number; // demand newly covered by this site
  cumulative: number; // demand covered by all picks so far (beyond what is already covered)
  covers: string[]; // ids of the demand points it newly covers
}

/** For each candidate, the indices of uncovered demand points within its reach (a grid index keeps it near-linear). */
export function coverageSets(demand: DemandPoint[], candidates: Candidate[]): number[][] {
  const maxReach = Math.max(1, ...candidates.map((c) => c.reachM));
  const cell = maxReach; // m: bucket size, so a disc touches at most 3×3 buckets
  const buckets = new Map<string, number[]>();
  demand.forEach((d, i) => {
    const key = `${Math.floor(d.x / cell)},${Math.floor(d.y / cell)}`;
    (buckets.get(key) ?? buckets.set(key, []).get(key)!).push(i);
  });
  return candidates.map((c) => {
    const out: number[] = [];
    const cx = Math.floor(c.x / cell), cy = Math.floor(c.y / cell);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const i of buckets.get(`${cx + dx},${cy + dy}`) ?? [])
          if (Math.hypot(demand[i].x - c.x, demand[i].y - c.y) <= c.reachM) out.push(i);
    return out;
  });
}

/** Picks up to k candidates greedily; stops early when no candidate adds anything. */
export function greedySiting(demand: DemandPoint[], candidates: Candidate[], k: number): Pick[] {
  if (!Number.isInteger(k) || k < 0) throw new Error(`Unexpected k value: ${k}.`);
  const sets = coverageSets(demand, candidates);
  const covered = new Uint8Array(demand.length);
  const used = new Uint8Array(candidates.length);
  const picks: Pick[] = [];
  let cumulative = 0;
  for (let round = 0; round < k; round++) {
    let best = -1, bestGain = 0;
    for (let c = 0; c < candidates.length; c++) {
      if (used[c]) continue;
      let gain = 0;
      for (const i of sets[c]) if (!covered[i]) gain += demand[i].weight;
      // Ties go to the earlier candidate, so results are deterministic.
      if (gain > bestGain + 1e-9) [best, bestGain] = [c, gain];
    }
    if (best < 0) break;
    used[best] = 1;
    const newly = sets[best].filter((i) => !covered[i]);
    for (const i of newly) covered[i] = 1;
    cumulative += bestGain;
    picks.push({ candidate: candidates[best], gain: bestGain, cumulative, covers: newly.map((i) => demand[i].id) });
  }
  return picks;
}
