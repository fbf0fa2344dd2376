// The exact optimum of maximal covering by trying every k-subset: the yardstick greedy siting is tested
// against, on small fixtures only (exponential in k).
import { coverageSets, type Candidate, type DemandPoint } from '../../server/domain/siting';

export function bruteForceSiting(demand: DemandPoint[], candidates: Candidate[], k: number): { ids: string[]; value: number } {
  const sets = coverageSets(demand, candidates);
  let best = { ids: [] as string[], value: 0 };
  const choose = (start: number, chosen: number[]) => {
    if (chosen.length === Math.min(k, candidates.length)) {
      const covered = new Set(chosen.flatMap((c) => sets[c]));
      const value = [...covered].reduce((sum, i) => sum + demand[i].weight, 0);
      if (value > best.value + 1e-9) best = { ids: chosen.map((c) => candidates[c].id), value };
      return;
    }
    for (let c = start; c < candidates.length; c++) choose(c + 1, [...chosen, c]);
  };
  choose(0, []);
  return best;
}
