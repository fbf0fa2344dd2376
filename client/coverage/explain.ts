// "Why this colour?": the server's explanation of one cell, in plain words.
import type { AccessPointProps, CellExplanation, CoverageClass } from '../api';
import { formatDistanceM } from '../map/core';
import { coverageLabels } from '../map/coverage-style';
import { el } from '../ui/panel';

const meaning: Record<CoverageClass, string> = {
  good: 'Free Wi-Fi should work well here.',
  fair: 'Free Wi-Fi should work here, perhaps slowly.',
  poor: 'Free Wi-Fi may connect here, but it is unreliable.',
  none: 'No free Wi-Fi is expected to reach here.',
};

const thresholds = 'Good is −67 dBm or stronger, fair down to −75, poor down to −85.';

/** Confidence in words: thresholds where the map's shading visibly changes. */
export function confidenceWords(confidence: number): string {
  const pct = `${Math.round(Math.min(1, Math.max(0, confidence)) * 100)} %`;
  if (confidence < 0.25) return `Low (${pct}): mostly a prediction`;
  if (confidence < 0.6) return `Medium (${pct})`;
  return `High (${pct}): backed by recent measurements`;
}

/** "78 % chance of usable free Wi-Fi"; null when the server sent no probability (an older answer, or outside the city). */
export function chanceWords(pUsable: number | null | undefined): string | null {
  if (pUsable === null || pUsable === undefined || !Number.isFinite(pUsable)) return null;
  return `${Math.round(Math.min(1, Math.max(0, pUsable)) * 100)} % chance of usable free Wi-Fi`;
}

/** The expected level with its spread: "−70 dBm ± 4 dB". */
export function levelWords(fusedDbm: number | null, uncertaintyDb: number | null | undefined): string | null {
  if (fusedDbm === null) return null;
  const spread = uncertaintyDb !== null && uncertaintyDb !== undefined && Number.isFinite(uncertaintyDb) ? ` ± ${Math.round(uncertaintyDb)} dB` : '';
  return `${dbm(fusedDbm)}${spread}`;
}

/** Who a contributor is: a registered access point by name, or a hotspot phones found. */
export function contributorName(c: CellExplanation['contributors'][number], accessPoint: (id: number) => AccessPointProps | undefined): string {
  if (c.accessPointId === null) return `A hotspot phones found (not yet in the registry)${c.discoveredBssid ? `, ${c.discoveredBssid}` : ''}`;
  const ap = accessPoint(Number(c.accessPointId)); // the registry ids the server sends are numbers
  return ap ? (ap.ssid?.trim() ? `${ap.name} (${ap.ssid})` : ap.name) : `Access point ${c.accessPointId}`;
}

export function dbm(value: number): string {
  return `${value < 0 ? '−' : ''}${Math.abs(Math.round(value))} dBm`;
}

export function evidenceWords(e: CellExplanation['evidence']): string {
  if (e.samples === 0 && e.reports === 0) return 'No measurements or reports here yet, so the colour is a prediction from the access points nearby.';
  const parts: string[] = [];
  if (e.samples > 0) parts.push(`${e.samples} ${e.samples === 1 ? 'measurement' : 'measurements'}`);
  if (e.reports > 0) parts.push(`${e.reports} ${e.reports === 1 ? 'report' : 'reports'} from residents`);
  const devices = e.devices > 0 ? ` from ${e.devices} ${e.devices === 1 ? 'device' : 'devices'}` : '';
  const age = e.ageDays === null ? '' : e.ageDays < 1 ? ', the newest today' : `, the newest ${Math.round(e.ageDays)} ${Math.round(e.ageDays) === 1 ? 'day' : 'days'} ago`;
  return `${parts.join(' and ')}${devices}${age}.`;
}

export function explanationTitle(x: CellExplanation): string {
  if (!x.insideCity || !x.class) return 'Outside Kitchener';
  return `${coverageLabels[x.class]} here`;
}

/** A few lines for a map popup: what the colour means here, and a way to the whole explanation. */
export function explanationSummary(x: CellExplanation, onMore: () => void): HTMLElement {
  const root = el('div', { className: 'popup explain-summary' });
  root.append(el('h2', { className: 'popup-title', textContent: explanationTitle(x) }));
  const sentence = x.summary?.trim() || (x.class ? meaning[x.class] : '');
  if (sentence) root.append(el('p', { className: 'explain-meaning', textContent: sentence }));
  // The server's sentence already gives the chance and the spread; an answer without one gets the figures.
  if (!x.summary?.trim()) root.append(el('p', { className: 'explain-figures', textContent: figuresLine(x) }));
  const more = el('button', { type: 'button', className: 'secondary', textContent: 'Why this colour?' });
  more.addEventListener('click', onMore);
  root.append(more);
  return root;
}

/** The chance first, then the level: "78 % chance of usable free Wi-Fi · expected −70 dBm ± 4 dB". */
export function figuresLine(x: CellExplanation): string {
  const chance = chanceWords(x.pUsable);
  const level = levelWords(x.fusedDbm, x.uncertaintyDb);
  // An answer without a probability (an older server, a cached copy) still says how sure it is.
  const parts = chance ? [chance, level && `expected ${level}`] : [level && `Expected ${level}`, `confidence ${confidenceWords(x.confidence).split(':')[0].toLowerCase()}`];
  return parts.filter(Boolean).join(' · ');
}

/** The whole explanation, for the "Why this colour?" panel and the list view. */
export function explanationContent(x: CellExplanation, accessPoint: (id: number) => AccessPointProps | undefined, heading: 'h2' | 'h3' = 'h3'): HTMLElement {
  const root = el('div', { className: 'popup explain' });
  root.append(el(heading, { className: 'popup-title', textContent: explanationTitle(x) }));
  if (!x.insideCity || !x.class) {
    root.append(el('p', { textContent: 'Wi-Fi Reach maps free Wi-Fi inside the City of Kitchener only.' }));
    return root;
  }
  root.append(el('p', { className: 'explain-meaning', textContent: x.summary?.trim() || meaning[x.class] }));
  root.append(el('p', { className: 'explain-figures', textContent: figuresLine(x) }));
  const list = el('dl');
  const row = (term: string, value: string | HTMLElement) => list.append(el('dt', { textContent: term }), el('dd', {}, value));
  if (x.fusedDbm !== null) {
    const measured = x.evidence.samples > 0 || x.evidence.reports > 0;
    row(measured ? 'Expected signal (predicted and measured)' : 'Predicted signal', `${levelWords(x.fusedDbm, x.uncertaintyDb)}. ${thresholds}`);
  }
  if (x.contributors.length > 0) {
    const items = el('ul', { className: 'explain-sources' });
    for (const c of x.contributors) items.append(el('li', { textContent: `${contributorName(c, accessPoint)}: ${formatDistanceM(c.distanceM)} away, ${dbm(c.predictedDbm)} predicted` }));
    row(x.contributors.length === 1 ? 'From' : 'From, strongest first', items);
  } else row('From', 'No active free Wi-Fi access point reaches this spot.');
  row('Evidence', evidenceWords(x.evidence));
  const pooled = pooledWords(x.pooled);
  if (pooled) row('Nearby readings', pooled);
  row('How sure', chanceWords(x.pUsable) ?? confidenceWords(x.confidence));
  if (x.gapId !== null) row('Gap', 'This spot is inside a gap in free Wi-Fi. Reports from here help confirm it.');
  root.append(list);
  return root;
}

/** How far readings here and in the neighbouring cells moved the prediction; null when none did. */
export function pooledWords(pooled: CellExplanation['pooled']): string | null {
  if (!pooled || !(pooled.weight > 0) || Math.round(Math.abs(pooled.residualDb)) === 0) return null;
  const r = Math.round(pooled.residualDb);
  return `Readings here and in the cells next to it put the signal ${Math.abs(r)} dB ${r > 0 ? 'stronger' : 'weaker'} than the prediction.`;
}
