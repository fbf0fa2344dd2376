// The legend, drawn from the same styles as the map so the two cannot disagree.
import type { ReportKind } from './api';
import {
  accessPointStatusLabels,
  accessPointStyle,
  boundaryStyle,
  dashPattern,
  placeStyle,
  reachStyle,
  reportStyle,
  wardStyle,
  type AreaStyle,
  type PointStyle,
} from './map/core';

const svgNs = 'http://www.w3.org/2000/svg';
const swatchPx = 20;

export function renderLegend(container: HTMLElement, kinds: { id: ReportKind; label: string }[]): void {
  const wifi = (['active', 'down', 'planned'] as const).map((s) => item(pointSwatch(accessPointStyle(s)), `${accessPointStatusLabels[s]} access point`));
  wifi.splice(1, 0, item(pointSwatch(accessPointStyle('uncertain')), 'Probably down: phones near it no longer hear it'));
  wifi.push(item(reachSwatch(reachStyle('active')!), 'Estimated reach'), item(reachSwatch(reachStyle('uncertain')!), 'Reach in doubt (probably down)'));
  container.replaceChildren(
    section('Free Wi-Fi', wifi),
    section('Residents’ reports', kinds.map((k) => item(pointSwatch(reportStyle(k.id)), k.label))),
    section('Places and areas', [
      item(pointSwatch(placeStyle('library')), 'Library, community centre, park…'),
      item(pointSwatch({ ...placeStyle('transit_stop'), radius: 3 }), 'Transit stop'),
      item(lineSwatch(boundaryStyle), 'City boundary'),
      item(lineSwatch(wardStyle), 'Ward boundary'),
    ]),
  );
}

export function section(title: string, items: HTMLElement[]): HTMLElement {
  const wrapper = document.createElement('section');
  const heading = document.createElement('h2');
  heading.className = 'legend-heading';
  heading.textContent = title;
  const list = document.createElement('ul');
  list.append(...items);
  wrapper.append(heading, list);
  return wrapper;
}

export function item(swatch: SVGSVGElement, label: string): HTMLElement {
  const li = document.createElement('li');
  const text = document.createElement('span');
  text.textContent = label;
  li.append(swatch, text);
  return li;
}

export function svg(): SVGSVGElement {
  const root = document.createElementNS(svgNs, 'svg');
  root.setAttribute('viewBox', `0 0 ${swatchPx} ${swatchPx}`);
  root.setAttribute('width', String(swatchPx));
  root.setAttribute('height', String(swatchPx));
  root.setAttribute('aria-hidden', 'true');
  root.setAttribute('focusable', 'false');
  return root;
}

function pointSwatch(style: PointStyle): SVGSVGElement {
  const root = svg();
  const c = document.createElementNS(svgNs, 'circle');
  c.setAttribute('cx', String(swatchPx / 2));
  c.setAttribute('cy', String(swatchPx / 2));
  c.setAttribute('r', String(style.radius));
  c.setAttribute('fill', style.fill);
  c.setAttribute('fill-opacity', String(style.fillOpacity));
  c.setAttribute('stroke', style.stroke === '#ffffff' ? '#c9cdd1' : style.stroke); // a white ring is invisible on the white legend
  c.setAttribute('stroke-width', String(style.strokeWidth));
  c.setAttribute('stroke-opacity', String(style.strokeOpacity));
  root.append(c);
  return root;
}

function reachSwatch(style: AreaStyle): SVGSVGElement {
  const root = svg();
  const c = document.createElementNS(svgNs, 'circle');
  c.setAttribute('cx', String(swatchPx / 2));
  c.setAttribute('cy', String(swatchPx / 2));
  c.setAttribute('r', String(swatchPx / 2 - 1));
  c.setAttribute('fill', style.fill);
  c.setAttribute('fill-opacity', String(Math.max(style.fillOpacity, 0.2)));
  c.setAttribute('stroke', style.stroke);
  c.setAttribute('stroke-width', String(style.strokeWidth));
  if (style.dashed) c.setAttribute('stroke-dasharray', dashPattern.map((d) => d * style.strokeWidth).join(' '));
  root.append(c);
  return root;
}

function lineSwatch(style: AreaStyle): SVGSVGElement {
  const root = svg();
  const line = document.createElementNS(svgNs, 'line');
  line.setAttribute('x1', '1');
  line.setAttribute('x2', String(swatchPx - 1));
  line.setAttribute('y1', String(swatchPx / 2));
  line.setAttribute('y2', String(swatchPx / 2));
  line.setAttribute('stroke', style.stroke);
  line.setAttribute('stroke-width', String(Math.max(style.strokeWidth, 1)));
  root.append(line);
  return root;
}
