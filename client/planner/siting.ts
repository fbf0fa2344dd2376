// Siting: "Recommend k sites" by greedy maximal covering; numbered markers with their reach on the map,
// a list, and the marginal-gain curve — what each additional site adds.
import * as api from '../api';
import { formatDistanceM } from '../map/core';
import type { MapMarker } from '../map/map-view';
import { columnsWithLine, widthFor } from './charts';
import { overlayColours, reachShape, type PlannerContext, type Tool } from './context';
import { h, labelled, options } from './dom';
import { count, percent, plural } from './format';
import { markerElement, markerSize } from './markers';
import { boundsAround } from './fit';

const candidateLabels: Record<api.CandidateKind, string> = {
  city_places: 'City-owned places',
  transit: 'Transit stops',
  cells: 'Anywhere (100 m blocks)',
};

export function createSitingTool(ctx: PlannerContext): Tool {
  const k = h('input', { type: 'number', id: 'pl-siting-k', min: 1, max: 50, step: 1, value: 5, inputmode: 'numeric' });
  const candidates = h('select', { id: 'pl-siting-candidates' }, ...options(Object.entries(candidateLabels) as [string, string][], 'city_places'));
  const submit = h('button', { type: 'submit', class: 'pl-button pl-primary' }, 'Recommend sites');
  const error = h('p', { class: 'field-error', role: 'alert' });
  const form = h(
    'form',
    { class: 'pl-form', novalidate: true },
    h('div', { class: 'pl-grid' }, labelled('New sites (1–50)', k), labelled('Candidates', candidates)),
    h('p', { class: 'hint' }, 'City-owned places are libraries, community centres, arenas and other City facilities; “anywhere” tries every 100 m block of the city.'),
    error,
    h('div', { class: 'pl-actions' }, submit),
  );
  const result = h('div', { class: 'pl-result' });
  const panel = h(
    'section',
    {},
    h('h2', { class: 'pl-title' }, 'Siting'),
    h('p', { class: 'hint' }, 'Greedy maximal covering: each site is the candidate that covers the most demand not yet covered (priority places, transit stops, reports), with today’s access points fixed.'),
    form,
    result,
  );
  const syncLabel = () => (submit.textContent = `Recommend ${k.value && Number(k.value) > 0 ? k.value : 'k'} sites`);
  k.addEventListener('input', syncLabel);
  syncLabel();

  let markers: MapMarker[] = [];
  let last: api.Recommendations | null = null;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void recommend();
  });

  async function recommend(): Promise<void> {
    error.textContent = '';
    const n = Number(k.value);
    if (!Number.isInteger(n) || n < 1 || n > 50) {
      error.textContent = `Choose a whole number of sites from 1 to 50 (not “${k.value}”).`;
      k.focus();
      return;
    }
    submit.disabled = true;
    result.replaceChildren(h('p', { class: 'hint', role: 'status' }, 'Finding sites…'));
    try {
      last = await api.getRecommendations(n, candidates.value as api.CandidateKind);
      render(last);
      draw(last);
      const around = boundsAround(last.sites.map((s) => ({ lon: s.position[0], lat: s.position[1] })), last.newSiteReachM);
      if (around) ctx.view.flyToBounds(around); // every recommended site and its reach in view
    } catch (e) {
      result.replaceChildren();
      error.textContent = ctx.explain(e);
    } finally {
      submit.disabled = false;
    }
  }

  function render(rec: api.Recommendations): void {
    const total = rec.sites.at(-1)?.cumulative ?? 0;
    // The server rounds cumulativeShare to two decimals; recompute it so small gains still show.
    const share = (cumulative: number) => (rec.uncoveredDemand > 0 ? cumulative / rec.uncoveredDemand : 0);
    const labels = rec.sites.map((s) => `#${s.rank}`);
    const chart = columnsWithLine({
      title: 'What each additional site adds',
      summary: rec.sites.map((s) => `Site ${s.rank} adds ${s.gain}, ${percent(share(s.cumulative))} of uncovered demand in total`).join('; '),
      categories: labels,
      columns: [{ label: 'Demand this site adds', colour: overlayColours.site, values: rec.sites.map((s) => s.gain) }],
      columnsLabel: 'demand',
      width: widthFor(result),
      line: { label: 'Cumulative share of uncovered demand', colour: '#1c2730', values: rec.sites.map((s) => share(s.cumulative)) },
      empty: 'No candidate adds any demand',
      table: {
        headers: ['Site', 'Adds', 'Cumulative', 'Share of uncovered demand'],
        rows: rec.sites.map((s) => [`#${s.rank} ${s.label}`, count(s.gain), count(s.cumulative), percent(share(s.cumulative))]),
      },
    });
    const list = h(
      'ol',
      { class: 'pl-list pl-sites', 'aria-label': 'Recommended sites' },
      ...rec.sites.map((site) => {
        const [lon, lat] = site.position;
        const show = h('button', { type: 'button', class: 'pl-link' }, `#${site.rank} ${site.label}`);
        show.addEventListener('click', () => ctx.view.flyTo({ lon, lat }, 15)); // the site, its reach and the streets around it
        return h('li', { class: 'pl-row' }, h('div', { class: 'pl-row-main' }, show, h('span', { class: 'hint' }, `adds ${count(site.gain)} · covers ${plural(site.covers.length, 'place or stop', 'places and stops')}`)));
      }),
    );
    const tryIt = h('button', { type: 'button', class: 'pl-button' }, 'Try these sites in What-if');
    tryIt.addEventListener('click', () => {
      ctx.whatIfAdd(rec.sites.map((s) => ({ lon: s.position[0], lat: s.position[1] })));
      ctx.showTab('whatif');
    });
    result.replaceChildren(
      h(
        'p',
        { class: 'pl-headline', role: 'status' },
        `${plural(rec.sites.length, 'site', 'sites')} would cover ${count(total)} of ${count(rec.uncoveredDemand)} uncovered demand (${percent(share(total))}), chosen from ${plural(rec.candidates, 'candidate', 'candidates')}. Each new site is assumed to reach about ${formatDistanceM(rec.newSiteReachM)}.`,
      ),
      chart,
      list,
      h('div', { class: 'pl-actions' }, tryIt),
    );
  }

  function draw(rec: api.Recommendations | null): void {
    clearMap();
    if (!rec) return;
    ctx.overlays.set(
      'sites',
      rec.sites.map((s) => reachShape({ lon: s.position[0], lat: s.position[1] }, rec.newSiteReachM, { stroke: overlayColours.site, fill: overlayColours.site, dashed: false })),
    );
    markers = rec.sites.map((s) =>
      ctx.view.addMarker({ lon: s.position[0], lat: s.position[1] }, { element: markerElement('site', `Recommended site ${s.rank}: ${s.label}`, String(s.rank)), size: markerSize }),
    );
  }

  function clearMap(): void {
    for (const m of markers) m.remove();
    markers = [];
    ctx.overlays.clear('sites');
  }

  return {
    id: 'siting',
    label: 'Siting',
    panel,
    activate: () => draw(last),
    deactivate: clearMap,
    destroy: clearMap,
  };
}
