// The ranked gaps as a list: each entry says how big, how much need, and how close it is to "confirmed";
// choosing one moves the map to it.
import type { GapCollection, GapSummary } from '../api';
import type { MapView } from '../map/map-view';
import { el, type Panel } from '../ui/panel';

const number = new Intl.NumberFormat('en-CA');

/** m² below 0.1 km², km² above: residents picture a city block or a neighbourhood, not hectares. */
export function formatArea(m2: number): string {
  if (m2 >= 100_000) return `${(m2 / 1e6).toFixed(1)} km²`;
  return `${number.format(Math.max(100, Math.round(m2 / 100) * 100))} m²`;
}

/** "Gap 3: 0.6 km² in Ward 9, around Kitchener City Hall": where it is, in words a resident knows. */
export function gapTitle(gap: Pick<GapSummary, 'rank' | 'areaM2' | 'ward' | 'landmark'>): string {
  const where = [gap.ward ? ` in ${gap.ward.name ?? gap.ward.id}` : '', gap.landmark ? `, around ${gap.landmark}` : ''].join('');
  return `Gap ${gap.rank}: ${formatArea(gap.areaM2)}${where}`;
}

export function confirmationWords(gap: Pick<GapSummary, 'confirmed' | 'confirmationsNeeded'>): string {
  if (gap.confirmed) return 'Confirmed by reports from several phones';
  const n = gap.confirmationsNeeded;
  return `Not confirmed yet: needs reports from ${n} more ${n === 1 ? 'phone' : 'phones'}`;
}

export function demandWords(d: GapSummary['demand']): string {
  const parts = [
    `${number.format(d.places)} ${d.places === 1 ? 'place' : 'places'}`,
    `${number.format(d.transitStops)} transit ${d.transitStops === 1 ? 'stop' : 'stops'}`,
    `${number.format(d.reports)} ${d.reports === 1 ? 'report' : 'reports'}`,
  ];
  return `Need score ${number.format(Math.round(d.total))}: ${parts.join(', ')} inside`;
}

export function renderGapList(panel: Panel, { view, announce }: { view: MapView; announce: (message: string) => void }) {
  const intro = el('p', {
    className: 'hint',
    textContent: 'Areas of Kitchener that free Wi-Fi does not reach, first the ones where most people need it: places, transit stops and residents’ reports inside each.',
  });
  const list = el('ol', { className: 'item-list gap-list' });
  const state = el('p', { className: 'hint', textContent: 'Loading gaps…' });
  panel.body.append(intro, state, list);

  return {
    show(gaps: GapCollection | null) {
      list.replaceChildren();
      if (!gaps) {
        state.textContent = 'The gaps could not be loaded. Check your connection and try again.';
        return;
      }
      const ranked = gaps.features.filter((g) => g.properties.rank !== null).sort((a, b) => (a.properties.rank ?? 0) - (b.properties.rank ?? 0));
      state.textContent = gapListSummary(ranked.length, gaps.numberMatched ?? ranked.length);
      for (const gap of ranked) {
        const p = gap.properties;
        const choose = el(
          'button',
          { type: 'button', className: 'item-button gap-item' },
          el('span', { className: 'item-title', textContent: gapTitle(p) }),
          el('span', { className: 'item-detail', textContent: demandWords(p.demand) }),
          el('span', { className: `item-detail gap-confirmation${p.confirmed ? ' is-confirmed' : ''}`, textContent: confirmationWords(p) }),
        );
        choose.addEventListener('click', () => {
          view.closePopup();
          view.flyToBounds(p.bbox);
          announce(`Showing gap ${p.rank} on the map: ${formatArea(p.areaM2)}. ${confirmationWords(p)}.`);
        });
        list.append(el('li', {}, choose));
      }
    },
  };
}

/** What the list says about itself: how many it shows of how many Kitchener has (the planners' header counts the same gaps). */
export function gapListSummary(shown: number, total: number): string {
  if (shown === 0) return 'No gaps: free Wi-Fi reaches everywhere the model knows about.';
  if (total === 1) return 'One gap.';
  if (total > shown) return `The ${shown} of Kitchener’s ${total} gaps where most people need Wi-Fi, ranked.`;
  return `The ${shown} gaps where most people need Wi-Fi, ranked.`;
}
