// After a report: how close the dead zone around the pin is to "confirmed" (the design: residents see how
// close it is), or, where the map still shows the spot covered, why it did not change, in one sentence appended to
// the thank-you.
import { explainCoverage, getGap } from '../api';

/** The sentence for the gap at `at`, or, where the map still shows free Wi-Fi there, what would change it; null outside the city. */
export async function gapProgressAt(at: { lon: number; lat: number }): Promise<string | null> {
  const cell = await explainCoverage(at.lon, at.lat);
  if (cell.gapId === null) return cell.covered && cell.class ? stillCoveredWords(cell.class) : null;
  return gapProgressWords((await getGap(cell.gapId)).properties);
}

export function gapProgressWords(gap: { rank: number | null; ward: { id: string; name: string | null } | null; confirmed: boolean; confirmationsNeeded: number }): string {
  const which = `${gap.rank ? `gap ${gap.rank}` : 'a small gap'}${gap.ward ? ` in ${gap.ward.name ?? gap.ward.id}` : ''}`;
  if (gap.confirmed) return `This spot is in ${which}, confirmed by reports from several phones.`;
  const n = gap.confirmationsNeeded;
  return `This spot is in ${which}: reports from ${n} more ${n === 1 ? 'phone' : 'phones'} will confirm it.`;
}

/**
 * One phone's report beside a hotspot predicted to reach the spot does not change the map on its own (the server
 * waits for another phone's nearby: anyone could send it); without this the resident saw "good" and no word why.
 */
export function stillCoveredWords(cls: string): string {
  return `The map still shows free Wi-Fi here (${cls}): it changes when reports or readings from other phones nearby agree with yours.`;
}
