// Data in and out: every map layer as a GeoJSON or CSV download (streamed, with progress, since a big
// layer takes a while and the server cannot say its size in bytes), and WiGLE CSV uploads with the
// import's summary: rows read, kept, and dropped by reason.
import * as api from '../api';
import type { PlannerContext, Tool } from './context';
import { h } from './dom';
import { count, plural } from './format';

const DROP_LABELS: Record<api.WigleDropReason, string> = {
  not_wifi: 'not Wi-Fi (Bluetooth, cell towers)',
  opted_out: 'network opted out (_nomap, _optout)',
  malformed: 'unreadable row',
  not_registered: 'not a registered free network',
  bad_time: 'impossible time',
  poor_accuracy: 'position too inaccurate',
  outside_area: 'outside Kitchener',
  bad_signal: 'signal out of range',
};

/** 1,234 B, 56.7 KB, 8.90 MB: enough figures to see a download move. */
export function byteSize(n: number): string {
  if (n < 1024) return `${count(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

/** What the progress line says: bytes, and with the announced count, an estimate of how far along. */
export function progressText(p: api.DownloadProgress): string {
  const received = `${byteSize(p.bytes)} received`;
  if (p.done) return `Done: ${byteSize(p.bytes)}${p.features === null ? '' : `, ${plural(p.features, 'feature', 'features')}`}.`;
  if (p.features === null || p.features === 0) return `${received}…`;
  // Both formats write one feature per line, so lines so far estimate features so far.
  const share = Math.min(0.99, p.lines / p.features);
  return `${received}, about ${Math.round(share * 100)}% of ${plural(p.features, 'feature', 'features')}…`;
}

/** Saves a downloaded file through a short-lived Blob URL. */
function save({ blob, filename }: api.Download): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // ms: long enough for the browser to start writing the file
}

export function createDataTool(ctx: PlannerContext): Tool {
  const list = h('ul', { class: 'pl-list pl-data-layers', 'aria-label': 'Layers to download' }, h('li', { class: 'hint' }, 'Loading the layers…'));
  const progressBar = h('progress', { class: 'pl-data-bar', hidden: true, 'aria-label': 'Download progress' });
  const progressLine = h('p', { class: 'pl-data-progress', 'data-testid': 'export-progress' });
  const downloadStatus = h('p', { role: 'status', class: 'pl-data-status' });
  const exportsCard = h(
    'section',
    { class: 'pl-card', 'aria-labelledby': 'pl-data-exports-title' },
    h('h3', { class: 'pl-subtitle', id: 'pl-data-exports-title' }, 'Download a layer'),
    h('p', { class: 'hint' }, 'GeoJSON (RFC 7946, lon/lat) for QGIS, ArcGIS and GDAL; CSV with lon and lat columns for points and the outline as WKT for polygons. GIS tools can also read the layers live from /ogc (OGC API – Features).'),
    list,
    progressBar,
    progressLine,
    downloadStatus,
  );

  const input = h('input', { type: 'file', id: 'pl-wigle-file', accept: '.csv,.gz,.csv.gz,text/csv,application/gzip' });
  const uploadStatus = h('p', { role: 'status', class: 'pl-data-status' });
  const summary = h('div', { class: 'pl-data-summary', 'data-testid': 'wigle-summary' });
  const importCard = h(
    'section',
    { class: 'pl-card', 'aria-labelledby': 'pl-data-wigle-title' },
    h('h3', { class: 'pl-subtitle', id: 'pl-data-wigle-title' }, 'Import a WiGLE survey'),
    h('p', { class: 'hint', id: 'pl-wigle-hint' }, 'A WiGLE Android CSV export (.csv or .csv.gz). Only sightings of registered free networks are kept; everything else is dropped without being stored. Importing the same file again adds nothing.'),
    h('label', { for: input.id, class: 'field-label' }, 'Choose a WiGLE CSV file'),
    input,
    uploadStatus,
    summary,
  );
  input.setAttribute('aria-describedby', 'pl-wigle-hint');
  const panel = h('div', {}, h('h2', { class: 'pl-title' }, 'Data in and out'), exportsCard, importCard);

  let downloading: AbortController | null = null;
  let loaded = false;

  async function loadLayers(): Promise<void> {
    try {
      const layers = await api.getExports();
      loaded = true;
      list.replaceChildren(...layers.map(row));
    } catch (error) {
      list.replaceChildren(h('li', { class: 'hint' }, `Could not list the layers: ${ctx.explain(error)}`));
    }
  }

  function row(layer: api.ExportLayer): HTMLLIElement {
    const button = (format: 'geojson' | 'csv', label: string) => {
      const b = h('button', { type: 'button', class: 'pl-button pl-quiet', 'data-layer': layer.id, 'data-format': format, 'aria-label': `Download ${layer.title} as ${label}` }, label);
      b.addEventListener('click', () => void download(layer, format));
      return b;
    };
    return h(
      'li',
      { class: 'pl-data-layer' },
      h('span', { class: 'pl-row-main' }, h('strong', {}, layer.title), h('span', { class: 'hint' }, ` ${layer.description}`)),
      h('span', { class: 'pl-popup-actions', role: 'group', 'aria-label': layer.title }, button('geojson', 'GeoJSON'), button('csv', 'CSV')),
    );
  }

  async function download(layer: api.ExportLayer, format: 'geojson' | 'csv'): Promise<void> {
    downloading?.abort(); // one download at a time: the newest wins
    const controller = new AbortController();
    downloading = controller;
    let lastDrawn = 0;
    progressBar.hidden = false;
    progressBar.removeAttribute('value'); // indeterminate until the count is known
    downloadStatus.textContent = `Downloading ${layer.title} (${format === 'csv' ? 'CSV' : 'GeoJSON'})…`;
    try {
      const file = await api.downloadExport(
        layer[format],
        (p) => {
          const now = performance.now();
          if (!p.done && now - lastDrawn < 100) return; // ms: redraw at most ten times a second
          lastDrawn = now;
          if (p.features) {
            progressBar.max = p.features;
            progressBar.value = p.done ? p.features : Math.min(p.lines, p.features);
          }
          progressLine.textContent = progressText(p);
        },
        controller.signal,
      );
      if (controller.signal.aborted) return;
      save(file);
      downloadStatus.textContent = `Saved ${file.filename}: done.`;
    } catch (error) {
      if (controller.signal.aborted) return;
      progressBar.hidden = true;
      downloadStatus.textContent = `Could not download ${layer.title}: ${ctx.explain(error)}`;
    } finally {
      if (downloading === controller) downloading = null;
    }
  }

  input.addEventListener('change', () => void upload());

  async function upload(): Promise<void> {
    const file = input.files?.[0];
    summary.replaceChildren();
    if (!file) return;
    input.disabled = true;
    uploadStatus.textContent = `Importing ${file.name}…`;
    try {
      const result = await api.uploadWigle(file);
      uploadStatus.textContent = result.earlierImport
        ? `${file.name} was imported before (${result.earlierImport.at.slice(0, 10)}): nothing new was stored.`
        : `Imported ${file.name}.`;
      renderSummary(result);
      if (result.rows.stored > 0) void ctx.stats.refresh({ afterChange: true }); // new evidence moves the coverage
    } catch (error) {
      uploadStatus.textContent = `Could not import ${file.name}: ${ctx.explain(error)}`;
    } finally {
      input.disabled = false;
      input.value = ''; // the same file again is a fresh change event
    }
  }

  function renderSummary(result: api.WigleImportSummary): void {
    const reasons = (Object.entries(result.dropped) as [api.WigleDropReason, number][]).filter(([, n]) => n > 0);
    summary.replaceChildren(
      h(
        'dl',
        { class: 'pl-data-counts' },
        h('dt', {}, 'Rows read'), h('dd', { 'data-count': 'read' }, count(result.rows.read)),
        h('dt', {}, 'Kept'), h('dd', { 'data-count': 'kept' }, `${count(result.rows.kept)} (${count(result.rows.stored)} new, ${count(result.rows.alreadyStored)} already stored)`),
        h('dt', {}, 'Dropped'), h('dd', { 'data-count': 'dropped' }, count(result.rows.dropped)),
      ),
      reasons.length
        ? h('ul', { class: 'pl-list', 'aria-label': 'Dropped rows by reason' }, ...reasons.map(([reason, n]) => h('li', { 'data-reason': reason }, `${DROP_LABELS[reason] ?? reason}: ${count(n)}`)))
        : h('p', { class: 'hint' }, 'No rows were dropped.'),
    );
  }

  return {
    id: 'data',
    label: 'Data',
    panel,
    activate() {
      if (!loaded) void loadLayers();
    },
    destroy() {
      downloading?.abort();
    },
  };
}
