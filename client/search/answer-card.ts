// The one-line answer for a spot: "Free Wi-Fi here: good (measured) · nearest free Wi-Fi: Kitchener Public
// Library, 350 m · Directions". Coverage from /coverage/explain, the nearest hotspot from the loaded registry.
import { explainCoverage, type AccessPointCollection, type CellExplanation } from '../api';
import type { LngLat } from '../map/map-view';
import { byDistance } from '../resident/nearby';
import { directionsUrl, platformOf } from './directions';

export interface AnswerCard {
  element: HTMLElement;
  show(at: LngLat, title: string, from?: LngLat): Promise<void>;
  hide(): void;
}

const classWords: Record<string, string> = { good: 'good', fair: 'fair', poor: 'poor', none: 'none' };
const MEASURED_MIN_WEIGHT = 0.1; // readings' weight in the cell: a reading a little off its cell still counts; a hundredth does not

export function coverageWords(explanation: CellExplanation | null): string {
  if (!explanation) return 'unknown (offline)';
  if (!explanation.insideCity || explanation.class === null) return 'outside Kitchener';
  // Readings that count for little (a distrusted phone's, or sent with no credential: a hundredth each) measure nothing.
  const measured = explanation.evidence.weight >= MEASURED_MIN_WEIGHT || explanation.evidence.reports > 0;
  return `${classWords[explanation.class] ?? explanation.class} (${measured ? 'measured' : 'predicted'})`;
}

export function distanceWords(m: number): string {
  return m < 1000 ? `${Math.max(10, Math.round(m / 10) * 10)} m` : `${(m / 1000).toFixed(1)} km`;
}

export function createAnswerCard(accessPoints: () => AccessPointCollection | null): AnswerCard {
  const element = document.createElement('section');
  element.className = 'answer-card';
  element.setAttribute('aria-live', 'polite');
  element.setAttribute('aria-label', 'Free Wi-Fi at this spot');
  element.hidden = true;
  let shown = 0;

  return {
    element,
    async show(at, title, from) {
      const ticket = ++shown;
      const explanation = await explainCoverage(at.lon, at.lat).catch(() => null);
      if (ticket !== shown) return; // a newer spot was chosen meanwhile
      const working = (accessPoints()?.features ?? []).filter((f) => f.properties.status === 'active' && !f.properties.probablyDown);
      const nearest = byDistance({ type: 'FeatureCollection', features: working }, at)[0];
      element.replaceChildren();
      const heading = document.createElement('p');
      heading.className = 'answer-title';
      heading.textContent = title;
      const line = document.createElement('p');
      line.className = 'answer-line';
      line.textContent = `Free Wi-Fi here: ${coverageWords(explanation)}`;
      if (nearest) {
        line.append(` · nearest free Wi-Fi: ${nearest.properties.name}, ${distanceWords(nearest.distanceM)} `);
        const link = document.createElement('a');
        link.className = 'answer-directions';
        link.href = directionsUrl(platformOf(navigator.userAgent, navigator.maxTouchPoints), nearest.at, nearest.properties.name, from ?? at);
        link.textContent = 'Directions';
        link.target = '_blank';
        link.rel = 'noopener';
        line.append(link);
      }
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'answer-close';
      close.setAttribute('aria-label', 'Close');
      close.textContent = '×';
      close.addEventListener('click', () => (element.hidden = true));
      element.append(close, heading, line);
      element.hidden = false;
    },
    hide() {
      shown++;
      element.hidden = true;
    },
  };
}
