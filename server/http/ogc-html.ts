// HTML pages of the OGC API (landing page, collections, items, one feature) for people in a browser:
// the same documents as the JSON, as tables with links, and a small inline SVG map of the features.
// No script and nothing from another server, so a page works offline and under the app's CSP.
import { ALL_LICENCES, type Licence } from './ogc-licences';

interface Link { href: string; rel: string; type: string; title?: string }

export const escapeHtml = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;color:#1d2733}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #c9d1da;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f6}nav{margin-bottom:1rem}code{background:#eef2f6;padding:0 .2rem}svg{border:1px solid #c9d1da;background:#f7f9fb}
footer{margin-top:2rem;font-size:13px;color:#4a5866}`;

function page(title: string, breadcrumbs: [string, string][], body: string, licences: readonly Licence[], root: string): string {
  const nav = breadcrumbs.map(([href, text]) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`).join(' › ');
  const credits = licences.map((l) => `<li>${escapeHtml(l.attribution)} (<a rel="license" href="${escapeHtml(l.href ?? `${root}/licences#${l.id}`)}">${escapeHtml(l.title)}</a>)</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><nav>${nav}</nav><main><h1>${escapeHtml(title)}</h1>
${body}</main>
<footer>${credits ? `<p>Data:</p><ul>${credits}</ul>` : ''}<p><a href="${escapeHtml(`${root}/licences`)}">Sources and licences</a></p></footer>
</body></html>
`;
}

const linkList = (links: Link[]) => `<ul>${links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.title ?? l.rel)}</a> <small>(${escapeHtml(l.rel)}, ${escapeHtml(l.type)})</small></li>`).join('')}</ul>`;

const cell = (v: unknown) => (v === null || v === undefined ? '' : escapeHtml(Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : v));

const SVG_SIZE = 320; // px: the map's width and height

/** An inline SVG of features in lon/lat: an equirectangular view scaled by cos(latitude), north up. */
export function svgMap(features: GeoJSON.Feature[], hrefOf?: (f: GeoJSON.Feature) => string): string {
  const points: number[][] = [];
  const collect = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') points.push(c as number[]);
    else (c as unknown[]).forEach(collect);
  };
  for (const f of features) if (f.geometry && 'coordinates' in f.geometry) collect(f.geometry.coordinates);
  if (points.length === 0) return '';
  const lons = points.map((p) => p[0]), lats = points.map((p) => p[1]);
  const [w, s, e, n] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const span = Math.max((e - w) * k, n - s, 1e-4) * 1.1; // a point alone still gets a ~10 m view
  const scale = SVG_SIZE / span, cx = ((w + e) / 2) * k, cy = (s + n) / 2;
  const xy = ([lon, lat]: number[]) => `${(SVG_SIZE / 2 + (lon * k - cx) * scale).toFixed(1)},${(SVG_SIZE / 2 - (lat - cy) * scale).toFixed(1)}`;
  const ring = (r: number[][]) => `M${r.map(xy).join('L')}Z`;
  const shapes = features.map((f) => {
    const g = f.geometry;
    let shape = '';
    if (g?.type === 'Point') {
      const [x, y] = xy(g.coordinates).split(',');
      shape = `<circle cx="${x}" cy="${y}" r="4" fill="#1f6feb" stroke="#fff"/>`;
    } else if (g?.type === 'Polygon' || g?.type === 'MultiPolygon') {
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      shape = `<path d="${polygons.map((p) => p.map(ring).join('')).join('')}" fill="#1f6feb" fill-opacity="0.25" stroke="#1f6feb" fill-rule="evenodd"/>`;
    }
    return hrefOf && shape ? `<a href="${escapeHtml(hrefOf(f))}"><title>${escapeHtml(f.id)}</title>${shape}</a>` : shape;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SVG_SIZE}" height="${SVG_SIZE}" viewBox="0 0 ${SVG_SIZE} ${SVG_SIZE}" role="img" aria-label="Map of the features shown">${shapes.join('')}</svg>`;
}

export interface CollectionView {
  id: string; title: string; description: string; links: Link[];
  extent: { spatial: { bbox: readonly (readonly number[])[] }; temporal?: { interval: readonly (readonly (string | null)[])[] } };
}

export const html = {
  landing(root: string, title: string, description: string, links: Link[]) {
    return page(title, [[root, 'Home']], `<p>${escapeHtml(description)}</p>
<p>Open it in QGIS (Layer › Add Layer › Add WFS / OGC API – Features Layer) or with GDAL: <code>ogrinfo OAPIF:${escapeHtml(root)}</code>.</p>
${linkList(links)}`, ALL_LICENCES, root);
  },
  conformance(root: string, classes: readonly string[]) {
    return page('Conformance', [[root, 'Home'], [`${root}/conformance?f=html`, 'Conformance']], `<ul>${classes.map((c) => `<li><code>${escapeHtml(c)}</code></li>`).join('')}</ul>`, [], root);
  },
  collections(root: string, collections: CollectionView[]) {
    const rows = collections.map((c) => `<tr><td><a href="${escapeHtml(`${root}/collections/${c.id}?f=html`)}">${escapeHtml(c.title)}</a><br><code>${escapeHtml(c.id)}</code></td><td>${escapeHtml(c.description)}</td><td><a href="${escapeHtml(`${root}/collections/${c.id}/items?f=html`)}">items</a></td></tr>`);
    return page('Collections', [[root, 'Home'], [`${root}/collections?f=html`, 'Collections']], `<table><tr><th>collection</th><th>what</th><th></th></tr>${rows.join('')}</table>`, ALL_LICENCES, root);
  },
  collection(root: string, c: CollectionView, properties: Record<string, { type?: string; format?: string; description?: string }>, licences: Licence[]) {
    const rows = Object.entries(properties).map(([name, p]) => `<tr><td><code>${escapeHtml(name)}</code></td><td>${escapeHtml(p.format ?? p.type)}</td><td>${escapeHtml(p.description)}</td></tr>`);
    const interval = c.extent.temporal?.interval[0];
    return page(c.title, [[root, 'Home'], [`${root}/collections?f=html`, 'Collections'], [`${root}/collections/${c.id}?f=html`, c.title]], `<p>${escapeHtml(c.description)}</p>
<p>Extent: ${escapeHtml(c.extent.spatial.bbox[0].join(', '))}${interval ? `; ${escapeHtml(interval[0] ?? '..')} to ${escapeHtml(interval[1] ?? '..')}` : ''}</p>
<p><a href="${escapeHtml(`${root}/collections/${c.id}/items?f=html`)}">Browse the features</a></p>
<h2>Properties</h2><table><tr><th>name</th><th>type</th><th>meaning</th></tr>${rows.join('')}</table>
<h2>Links</h2>${linkList(c.links)}`, licences, root);
  },
  items(root: string, c: { id: string; title: string }, features: GeoJSON.Feature[], counts: { matched: number; returned: number }, links: Link[], licences: Licence[]) {
    const itemHref = (f: GeoJSON.Feature) => `${root}/collections/${c.id}/items/${encodeURIComponent(String(f.id))}?f=html`;
    const names = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))].filter((n) => n !== 'id');
    const rows = features.map((f) => `<tr><td><a href="${escapeHtml(itemHref(f))}">${escapeHtml(f.id)}</a></td>${names.map((n) => `<td>${cell(f.properties?.[n])}</td>`).join('')}</tr>`);
    const nav = links.filter((l) => l.rel === 'prev' || l.rel === 'next').map((l) => `<a rel="${l.rel}" href="${escapeHtml(l.href)}">${l.rel === 'next' ? 'Next page' : 'Previous page'}</a>`).join(' · ');
    return page(`${c.title}: features`, [[root, 'Home'], [`${root}/collections?f=html`, 'Collections'], [`${root}/collections/${c.id}?f=html`, c.title], [`${root}/collections/${c.id}/items?f=html`, 'Features']],
      `<p>${counts.returned} of ${counts.matched} features. ${nav}</p>${svgMap(features, itemHref)}
<table><tr><th>id</th>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join('')}</tr>${rows.join('')}</table><p>${nav}</p>`, licences, root);
  },
  item(root: string, c: { id: string; title: string }, feature: GeoJSON.Feature, licences: Licence[]) {
    const rows = Object.entries(feature.properties ?? {}).map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${cell(v)}</td></tr>`);
    return page(`${c.title}: ${feature.id}`, [[root, 'Home'], [`${root}/collections?f=html`, 'Collections'], [`${root}/collections/${c.id}?f=html`, c.title], [`${root}/collections/${c.id}/items?f=html`, 'Features']],
      `${svgMap([feature])}<table>${rows.join('')}</table>
<p><a href="${escapeHtml(`${root}/collections/${c.id}/items/${encodeURIComponent(String(feature.id))}?f=json`)}">This feature as GeoJSON</a></p>`, licences, root);
  },
  licences(root: string) {
    const items = ALL_LICENCES.map((l) => `<li id="${l.id}"><strong>${escapeHtml(l.title)}</strong>${l.href ? ` (<a rel="license" href="${escapeHtml(l.href)}">licence text</a>)` : ''}: “${escapeHtml(l.attribution)}”</li>`);
    return page('Sources and licences', [[root, 'Home'], [`${root}/licences`, 'Licences']], `<p>The data behind these collections and the credit each source asks for (as the project's data/README.md records them).</p><ul>${items.join('')}</ul>`, [], root);
  },
};
