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
  if (x.class) root.append(el('p', { className: 'explain-meaning', textContent: meaning[x.class] }));
  const figures = [x.fusedDbm !== null ? `Expected ${dbm(x.fusedDbm)}` : null, `confidence ${confidenceWords(x.confidence).split(':')[0].toLowerCase()}`].filter(Boolean);
  root.append(el('p', { className: 'explain-figures', textContent: figures.join(' · ') }));
  const more = el('button', { type: 'button', className: 'secondary', textContent: 'Why this colour?' });
  more.addEventListener('click', onMore);
  root.append(more);
  return root;
}

/** The whole explanation, for the "Why this colour?" panel and the list view. */
export function explanationContent(x: CellExplanation, accessPoint: (id: number) => AccessPointProps | undefined, heading: 'h2' | 'h3' = 'h3'): HTMLElement {
  const root = el('div', { className: 'popup explain' });
  root.append(el(heading, { className: 'popup-title', textContent: explanationTitle(x) }));
  if (!x.insideCity || !x.class) {
    root.append(el('p', { textContent: 'Wi-Fi Reach maps free Wi-Fi inside the City of Kitchener only.' }));
    return root;
  }
  root.append(el('p', { className: 'explain-meaning', textContent: meaning[x.class] }));
  const list = el('dl');
  const row = (term: string, value: string | HTMLElement) => list.append(el('dt', { textContent: term }), el('dd', {}, value));
  if (x.fusedDbm !== null) {
    const measured = x.evidence.samples > 0 || x.evidence.reports > 0;
    row(measured ? 'Expected signal (predicted and measured)' : 'Predicted signal', `${dbm(x.fusedDbm)}. ${thresholds}`);
  }
  if (x.contributors.length > 0) {
    const items = el('ul', { className: 'explain-sources' });
    for (const c of x.contributors) {
      const ap = accessPoint(c.accessPointId);
      const name = ap ? (ap.ssid?.trim() ? `${ap.name} (${ap.ssid})` : ap.name) : `Access point ${c.accessPointId}`;
      items.append(el('li', { textContent: `${name}: ${formatDistanceM(c.distanceM)} away, ${dbm(c.predictedDbm)} predicted` }));
    }
    row(x.contributors.length === 1 ? 'From' : 'From, strongest first', items);
  } else row('From', 'No active free Wi-Fi access point reaches this spot.');
  row('Evidence', evidenceWords(x.evidence));
  row('How sure', confidenceWords(x.confidence));
  if (x.gapId !== null) row('Gap', 'This spot is inside a gap in free Wi-Fi. Reports from here help confirm it.');
  root.append(list);
  return root;
}
