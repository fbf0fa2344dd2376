// Gap analysis: the covered share of the city, each ward and each kind of priority place as charts beside
// the numbers; evidence over time; the ranked gaps, each linked to the map with its evidence.
import * as api from '../api';
import { confirmationWords, demandWords } from '../coverage/gap-list'; // the residents' gap list: same words here
import { placeKindLabel, reportColours, reportKindLabel, colours as mapColours } from '../map/core';
import { columnsWithLine, dataTable, horizontalBars, widthFor } from './charts';
import { overlayColours, type PlannerContext, type Tool } from './context';
import { h, options } from './dom';
import { area, areaRange, count, month, percent, plural } from './format';
import { expectedAreaWords, hotspotCountsWords } from './hotspot-words';
import { evidenceWords, gapCountWords } from './map-words';

const usableColour = '#2e7d32';

function expectedCell(a: api.AreaShare): string {
  return a.expectedCoveredAreaM2 === undefined || !a.expectedCoveredIntervalM2 ? '–' : `${area(a.expectedCoveredAreaM2)} (${areaRange(...a.expectedCoveredIntervalM2)})`;
}
const placeKindOrder = ['library', 'community_centre', 'city_facility', 'park', 'school', 'transit', 'transit_stop'];

export function createGapsTool(ctx: PlannerContext): Tool {
  const shares = h('div', { class: 'pl-charts' });
  const months = h('select', { id: 'pl-history-months' }, ...options([['12', 'Last 12 months'], ['24', 'Last 24 months'], ['36', 'Last 36 months']], '12'));
  const history = h('div', { class: 'pl-charts' });
  const gapList = h('ol', { class: 'pl-list pl-gaps', 'aria-label': 'Ranked gaps' });
  const gapWard = h('select', { id: 'pl-gaps-ward' }, ...options([['', 'All of Kitchener']], '')); // the wards join once the statistics load
  const gapStatus = h('p', { class: 'hint', role: 'status' });
  const panel = h(
    'section',
    {},
    h('h2', { class: 'pl-title' }, 'Gap analysis'),
    h('h3', { class: 'pl-subtitle' }, 'Covered share'),
    shares,
    h('h3', { class: 'pl-subtitle' }, 'Evidence over time'),
    h('div', { class: 'pl-field pl-inline' }, h('label', { for: months.id, class: 'field-label' }, 'Period'), months),
    history,
    h('h3', { class: 'pl-subtitle' }, 'Ranked gaps'),
    h('p', { class: 'hint' }, 'Areas without usable free Wi-Fi, most demand first, cut at ward lines and into 1 km squares so each is a neighbourhood a site could serve. A gap is confirmed once enough independent reports or measurements agree.'),
    h('div', { class: 'pl-field pl-inline' }, h('label', { for: gapWard.id, class: 'field-label' }, 'Where'), gapWard),
    gapStatus,
    gapList,
  );
  months.addEventListener('change', () => void loadHistory());
  gapWard.addEventListener('change', () => {
    gapsVersion = -1;
    void loadGaps();
  });

  let shown = false;
  let gapsVersion = -1;
  let selectedGap: number | null = null;

  function renderShares(): void {
    const stats = ctx.stats.current;
    if (!stats) {
      shares.replaceChildren(h('p', { class: 'hint' }, 'Loading the statistics…'));
      return;
    }
    const city = stats.city;
    const wards = [...stats.wards].sort((a, b) => wardNumber(a.id) - wardNumber(b.id));
    const kinds = Object.entries(stats.places).sort(([a], [b]) => placeKindOrder.indexOf(a) - placeKindOrder.indexOf(b));
    if (gapWard.options.length === 1) gapWard.append(...options(wards.map((w) => [w.id, w.name ?? w.id])));
    shares.replaceChildren(
      h(
        'div',
        { class: 'pl-headline', 'data-testid': 'city-share' },
        h('span', { class: 'pl-big' }, percent(city.coveredShare)),
        h('span', {}, ` of Kitchener has usable free Wi-Fi by class (good or fair): ${area(city.coveredAreaM2)} of ${area(city.areaM2)}.`),
      ),
      ...(expectedAreaWords(city) ? [h('p', { class: 'pl-expected', 'data-testid': 'city-expected' }, `By chance of usable Wi-Fi: ${expectedAreaWords(city)}.`)] : []),
      ...(stats.evidence ? [h('p', { class: 'pl-expected', 'data-testid': 'city-evidence' }, evidenceWords(stats.evidence))] : []),
      ...(stats.hotspots ? [h('p', { class: 'hint', 'data-testid': 'hotspot-counts' }, `Readings: ${hotspotCountsWords(stats.hotspots)}.`)] : []),
      horizontalBars({
        title: 'Covered share by ward',
        summary: wards.map((w) => `${w.name ?? w.id}: ${percent(w.coveredShare)}`).join('; '),
        data: wards.map((w) => ({ label: w.name ?? w.id, value: w.coveredShare, text: percent(w.coveredShare) })),
        colour: mapColours.wifi,
        shares: true,
        width: widthFor(shares),
        table: {
          headers: ['Ward', 'Covered share', 'Covered area', 'Expected covered (95 % interval)', 'Ward area'],
          rows: wards.map((w) => [w.name ?? w.id, percent(w.coveredShare), area(w.coveredAreaM2), expectedCell(w), area(w.areaM2)]),
        },
      }),
      horizontalBars({
        title: 'Priority places with usable free Wi-Fi, by kind',
        summary: kinds.map(([kind, s]) => `${placeKindLabel(kind)}: ${s.covered} of ${s.total}`).join('; '),
        data: kinds.map(([kind, s]) => ({ label: placeKindLabel(kind), value: s.share, text: `${percent(s.share)} (${count(s.covered)}/${count(s.total)})` })),
        max: 1,
        colour: mapColours.wifi,
        shares: true,
        width: widthFor(shares),
        table: {
          headers: ['Kind of place', 'Covered', 'Expected covered', 'Total', 'Share'],
          rows: kinds.map(([kind, s]) => [placeKindLabel(kind), count(s.covered), s.expectedCovered === undefined ? '–' : s.expectedCovered.toFixed(1), count(s.total), percent(s.share)]),
        },
      }),
    );
  }

  async function loadHistory(): Promise<void> {
    try {
      const data = await api.getCoverageHistory(Number(months.value));
      // "Jan" under each column, the year under the first column and each January.
      const categories = data.months.map((m, i) => {
        const [name, year] = month(m.month).split(' ');
        return i === 0 || m.month.endsWith('-01') ? `${name}\n${year}` : name;
      });
      const kinds = Object.keys(reportColours) as api.ReportKind[];
      const totalMeasurements = data.months.reduce((sum, m) => sum + m.measurements, 0);
      const totalReports = data.months.reduce((sum, m) => sum + kinds.reduce((s, k) => s + (m.reports[k] ?? 0), 0), 0);
      history.replaceChildren(
        columnsWithLine({
          title: 'Measurements per month, and the share that found usable free Wi-Fi',
          summary: `${plural(totalMeasurements, 'measurement', 'measurements')} in the period. ` + data.months.filter((m) => m.measurements).map((m) => `${month(m.month)}: ${m.measurements}, ${percent(m.usableShare)} usable`).join('; '),
          categories,
          columns: [{ label: 'Measurements', colour: '#5b8fc7', values: data.months.map((m) => m.measurements) }],
          columnsLabel: 'measurements',
          width: widthFor(history),
          line: { label: `Share usable (≥ ${data.usableDbm} dBm)`, colour: usableColour, values: data.months.map((m) => m.usableShare), max: 1 },
          empty: 'No measurements in this period',
          table: {
            headers: ['Month', 'Measurements', 'Share usable'],
            rows: data.months.map((m) => [month(m.month), count(m.measurements), m.usableShare === null ? '–' : percent(m.usableShare)]),
          },
        }),
        columnsWithLine({
          title: 'Residents’ reports per month, by kind',
          summary: `${plural(totalReports, 'report', 'reports')} in the period.`,
          categories,
          columns: kinds.map((k) => ({ label: reportKindLabel(k), colour: reportColours[k], values: data.months.map((m) => m.reports[k] ?? 0) })),
          columnsLabel: 'reports',
          width: widthFor(history),
          empty: 'No reports in this period',
          table: {
            headers: ['Month', ...kinds.map((k) => reportKindLabel(k))],
            rows: data.months.map((m) => [month(m.month), ...kinds.map((k) => count(m.reports[k] ?? 0))]),
          },
        }),
      );
    } catch (error) {
      history.replaceChildren(h('p', { class: 'field-error' }, `Could not load the evidence over time: ${ctx.explain(error)}`));
    }
  }

  async function loadGaps(): Promise<void> {
    const version = ctx.stats.current?.modelVersion ?? -1;
    if (version === gapsVersion && gapList.childElementCount) return;
    gapStatus.textContent = 'Loading the ranked gaps…';
    try {
      const ward = gapWard.value;
      const where = ward ? `in ${gapWard.selectedOptions[0].textContent}` : 'in Kitchener';
      const gaps = await api.getGaps(20, ward || undefined);
      if (ward !== gapWard.value) return; // another ward was chosen meanwhile
      gapsVersion = version;
      const total = !ward && ctx.stats.current ? `Kitchener has ${gapCountWords(ctx.stats.current.gaps)}. ` : ''; // the count the header and What-if show
      gapStatus.textContent = gaps.length
        ? `${total}The ${plural(gaps.length, 'gap', 'gaps')} ${where} with the most demand, most first; the numbers are ranks in the whole city.`
        : `No gaps ${where}: it is all covered.`;
      gapList.replaceChildren(...gaps.map(gapItem));
    } catch (error) {
      gapStatus.textContent = `Could not load the gaps: ${ctx.explain(error)}`;
    }
  }

  function gapItem(gap: api.GapSummary): HTMLElement {
    const show = h('button', { type: 'button', class: 'pl-button pl-small', 'aria-pressed': String(gap.id === selectedGap) }, 'Show on map');
    show.addEventListener('click', () => void showGap(gap, show));
    const d = gap.demand;
    return h(
      'li',
      { class: 'pl-gap' },
      h('div', { class: 'pl-gap-head' }, h('strong', {}, [`#${gap.rank} · ${area(gap.areaM2)}`, gap.ward?.name ?? gap.ward?.id, gap.landmark && `around ${gap.landmark}`].filter(Boolean).join(' · ')), show),
      h('p', { class: 'hint' }, `${demandWords(d)}.`),
      dataTable({
        headers: ['Evidence', 'Value'],
        rows: [
          ['Demand (weighted)', count(d.total)],
          ['Priority places', count(d.places)],
          ['Transit stops', count(d.transitStops)],
          ['Residents’ reports', count(gap.reportCount)],
          ['Independent devices', count(gap.devices)],
          ['Confirmed', gap.confirmed ? 'Yes' : `No: ${gap.confirmationsNeeded} more needed`],
        ],
      }),
      h('p', { class: 'hint' }, `${confirmationWords(gap)}.`),
    );
  }

  async function showGap(gap: api.GapSummary, button: HTMLButtonElement): Promise<void> {
    selectedGap = gap.id;
    for (const b of gapList.querySelectorAll('button[aria-pressed]')) b.setAttribute('aria-pressed', String(b === button));
    ctx.view.flyToBounds(gap.bbox);
    try {
      const feature = await api.getGap(gap.id);
      if (selectedGap !== gap.id) return;
      ctx.overlays.set('gap', [{ type: 'Feature', geometry: feature.geometry, properties: { stroke: overlayColours.gap, fill: overlayColours.gap, dashed: false } }]);
      ctx.say(`Gap #${gap.rank} shown on the map: ${area(gap.areaM2)}, demand ${count(gap.demand.total)}.`);
    } catch (error) {
      ctx.say(`Could not draw gap #${gap.rank}: ${ctx.explain(error)}`);
    }
  }

  const unsubscribe = ctx.stats.on(() => {
    if (!shown) return;
    renderShares();
    void loadGaps();
  });

  return {
    id: 'gaps',
    label: 'Gaps',
    panel,
    activate() {
      shown = true;
      renderShares();
      void ctx.stats.refresh(); // residents' reports move the numbers too
      void loadHistory();
      void loadGaps();
    },
    deactivate() {
      shown = false;
      selectedGap = null;
      ctx.overlays.clear('gap');
    },
    destroy: unsubscribe,
  };
}

function wardNumber(id: string): number {
  return Number(/\d+/.exec(id)?.[0] ?? 0);
}
