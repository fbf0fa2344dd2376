// "Show on map" switches for the layers a resident may want out of the way, and the legend entries for
// coverage and gaps. Native checkboxes: reachable and operable by keyboard and screen reader as they are.
import { item, section, svg } from '../legend';
import { coverageClasses, coverageColours, coverageLabels, cellOpacity, gapStyle } from '../map/coverage-style';
import type { MapView, ToggleableLayer } from '../map/map-view';
import { readPreference, writePreference } from '../resident/device';
import { el } from '../ui/panel';

const svgNs = 'http://www.w3.org/2000/svg';

const toggles: { layer: ToggleableLayer; label: string; hint?: string }[] = [
  { layer: 'coverage', label: 'Coverage', hint: 'how strong free Wi-Fi is expected to be' },
  { layer: 'gaps', label: 'Gaps in free Wi-Fi' },
  { layer: 'places', label: 'Places', hint: 'libraries, community centres, parks…' },
  { layer: 'transitStops', label: 'Transit stops', hint: 'when zoomed in' },
  { layer: 'reports', label: 'Residents’ reports' },
];

export type LayerVisibility = Record<ToggleableLayer, boolean>;

export function renderLayerControls(legendBody: HTMLElement, view: MapView, onChange: (layer: ToggleableLayer, visible: boolean) => void): LayerVisibility {
  const visibility = { coverage: true, gaps: true, places: true, transitStops: true, reports: true, ...readPreference<Partial<LayerVisibility>>('layers', {}) };
  const fieldset = el('fieldset', { className: 'layer-toggles' }, el('legend', { className: 'legend-heading', textContent: 'Show on map' }));
  for (const { layer, label, hint } of toggles) {
    const input = el('input', { type: 'checkbox', checked: visibility[layer], name: 'layer', value: layer });
    input.addEventListener('change', () => {
      visibility[layer] = input.checked;
      writePreference('layers', visibility);
      view.setLayerVisible(layer, input.checked);
      onChange(layer, input.checked);
    });
    fieldset.append(el('label', { className: 'layer-toggle' }, input, el('span', {}, label, hint ? el('span', { className: 'layer-hint', textContent: ` (${hint})` }) : null)));
    if (!visibility[layer]) view.setLayerVisible(layer, false);
  }

  // Swatches as the map shows them without evidence (most cells today); "none" is drawn only with some.
  const coverage = section('Coverage', [
    ...coverageClasses.map((c) => item(cellSwatch(coverageColours[c], cellOpacity(c, c === 'none' ? 0.5 : 0)), coverageLabels[c])),
    item(cellSwatch(coverageColours.good, cellOpacity('good', 1)), 'Stronger colour: backed by recent measurements'),
    // The uncoloured map is most of the city: say what it means rather than leave it to a guess.
    item(cellSwatch('#ffffff', 1), 'No colour: no free Wi-Fi expected there (predicted; nobody has measured it yet)'),
  ]);
  const gaps = section('Gaps', [
    item(gapSwatch(true), 'Gap, not confirmed yet'),
    item(gapSwatch(false), 'Confirmed gap (reports from several phones)'),
    item(svg(), `Zoomed out, only the ${gapStyle.topRanksAtCityZoom} worst gaps are outlined; zoom in for all`),
  ]);
  coverage.classList.add('legend-coverage');
  legendBody.prepend(fieldset, coverage, gaps);
  return visibility;
}

function cellSwatch(colour: string, opacity: number): SVGSVGElement {
  const root = svg();
  const rect = document.createElementNS(svgNs, 'rect');
  for (const [k, v] of Object.entries({ x: '2', y: '2', width: '16', height: '16', fill: colour, 'fill-opacity': String(opacity), stroke: '#8d979f', 'stroke-width': '0.5' })) rect.setAttribute(k, v);
  root.append(rect);
  return root;
}

function gapSwatch(dashed: boolean): SVGSVGElement {
  const root = svg();
  const line = document.createElementNS(svgNs, 'line');
  const attributes: Record<string, string> = { x1: '1', x2: '19', y1: '10', y2: '10', stroke: gapStyle.stroke, 'stroke-width': String(gapStyle.strokeWidth) };
  if (dashed) attributes['stroke-dasharray'] = gapStyle.dash.map((d) => d * gapStyle.strokeWidth).join(' ');
  for (const [k, v] of Object.entries(attributes)) line.setAttribute(k, v);
  root.append(line);
  return root;
}
