// After a report: how close the dead zone around the pin is to "confirmed" (the design: residents see how
// close it is), or, where the map still shows the spot as it did, why it did not change, in one sentence appended
// to the thank-you.
import { explainCoverage, getGap } from '../api';

/**
 * The sentence after a report at `at`: for a problem, the gap's progress, or, where the map still shows free Wi-Fi
 * there, what would change it; for "works here", what would change a map that still shows none usable. Null outside
 * the city, and where the map already agrees with the report.
 */
export async function afterReportAt(at: { lon: number; lat: number }, aboutADeadZone: boolean): Promise<string | null> {
  const cell = await explainCoverage(at.lon, at.lat);
  if (!cell.class) return null;
  if (!aboutADeadZone) return cell.covered ? null : stillShownWords(false, cell.class);
  if (cell.gapId === null) return cell.covered ? stillShownWords(true, cell.class) : null;
  return gapProgressWords((await getGap(cell.gapId)).properties);
}

export function gapProgressWords(gap: { rank: number | null; ward: { id: string; name: string | null } | null; confirmed: boolean; confirmationsNeeded: number }): string {
  const which = `${gap.rank ? `gap ${gap.rank}` : 'a small gap'}${gap.ward ? ` in ${gap.ward.name ?? gap.ward.id}` : ''}`;
  if (gap.confirmed) return `This spot is in ${which}, confirmed by reports from several phones.`;
  const n = gap.confirmationsNeeded;
  return `This spot is in ${which}: reports from ${n} more ${n === 1 ? 'phone' : 'phones'} will confirm it.`;
}

/**
 * One phone's report that disagrees with the map does not change it on its own: beside a hotspot predicted to reach
 * the spot, or far above what is predicted, the server waits for another phone's nearby (anyone could send it).
 * Without this the resident saw the old colour and no word why.
 */
export function stillShownWords(covered: boolean, cls: string): string {
  return `The map still shows ${covered ? 'free Wi-Fi' : 'no usable free Wi-Fi'} here (${cls}): it changes when reports or readings from other phones nearby agree with yours.`;
}
