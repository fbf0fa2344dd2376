// After a report: how close the dead zone around the pin is to "confirmed" (the design: residents see how
// close it is), in one sentence appended to the thank-you.
import { explainCoverage, getGap } from '../api';

/** The sentence for the gap at `at`, or null where the spot counts as covered. */
export async function gapProgressAt(at: { lon: number; lat: number }): Promise<string | null> {
  const cell = await explainCoverage(at.lon, at.lat);
  if (cell.gapId === null) return null;
  return gapProgressWords((await getGap(cell.gapId)).properties);
}

export function gapProgressWords(gap: { rank: number | null; ward: { id: string; name: string | null } | null; confirmed: boolean; confirmationsNeeded: number }): string {
  const which = `${gap.rank ? `gap ${gap.rank}` : 'a small gap'}${gap.ward ? ` in ${gap.ward.name ?? gap.ward.id}` : ''}`;
  if (gap.confirmed) return `This spot is in ${which}, confirmed by reports from several phones.`;
  const n = gap.confirmationsNeeded;
  return `This spot is in ${which}: reports from ${n} more ${n === 1 ? 'phone' : 'phones'} will confirm it.`;
}
