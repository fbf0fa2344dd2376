// Import access points from a CSV or GeoJSON file: the server checks every row first (commit: false) and
// nothing is written until the planner confirms; rows with errors are listed and left out.
import * as api from '../api';
import type { PlannerContext } from './context';
import { fill, h } from './dom';
import { coordinate, plural } from './format';

export function createImportSection(ctx: PlannerContext): HTMLElement {
  const input = h('input', { type: 'file', id: 'pl-import-file', accept: '.csv,.geojson,.json,text/csv,application/geo+json,application/json' });
  const status = h('p', { role: 'status', class: 'pl-import-status' });
  const preview = h('div', { class: 'pl-import-preview' });
  const section = h(
    'section',
    { class: 'pl-card pl-import', 'aria-labelledby': 'pl-import-title' },
    h('h3', { class: 'pl-subtitle', id: 'pl-import-title' }, 'Import from a file'),
    h('p', { class: 'hint', id: 'pl-import-hint' }, 'CSV with a header row (name, lon, lat, and any of ssid, venue, operator, address, environment, status, eirp, band, range_m, confidence, source), or a GeoJSON FeatureCollection of points. environment is indoor (the default), outdoor_urban or outdoor_open; an older indoor column (yes/no) still works. You see every row before anything is written.'),
    h('label', { for: input.id, class: 'field-label' }, 'Choose a CSV or GeoJSON file'),
    input,
    status,
    preview,
  );
  input.setAttribute('aria-describedby', 'pl-import-hint');

  input.addEventListener('change', () => void check());

  async function check(): Promise<void> {
    const file = input.files?.[0];
    preview.replaceChildren();
    if (!file) return;
    const content = await file.text();
    const format = /\.csv$/i.test(file.name) || (!content.trimStart().startsWith('{') && /,/.test(content)) ? 'csv' : 'geojson';
    status.textContent = `Checking ${file.name}…`;
    try {
      const result = await api.importAccessPoints(format, content, false);
      show(file.name, format, content, result);
    } catch (error) {
      status.textContent = `${file.name} cannot be imported: ${ctx.explain(error)}`;
    }
  }

  function show(fileName: string, format: 'csv' | 'geojson', content: string, result: api.ImportPreview): void {
    const rows = result.preview ?? [];
    status.textContent = `${fileName}: ${plural(result.rows, 'row', 'rows')}, ${result.valid} ready to import, ${plural(result.invalid, 'row', 'rows')} with errors. Nothing has been written yet.`;
    const table = h(
      'table',
      { class: 'pl-table' },
      h('caption', { class: 'visually-hidden' }, `Rows of ${fileName}`),
      h('thead', {}, h('tr', {}, ...['Row', 'Name', 'Position', 'Check'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        ...rows.map((row) =>
          h(
            'tr',
            { class: row.ok ? '' : 'pl-bad-row' },
            h('th', { scope: 'row' }, String(row.row)),
            h('td', {}, row.accessPoint?.name ?? '–'),
            h('td', {}, row.accessPoint ? `${coordinate(row.accessPoint.lat)}, ${coordinate(row.accessPoint.lon)}` : '–'),
            h('td', {}, row.ok ? 'OK' : h('ul', { class: 'pl-errors' }, ...row.errors.map((e) => h('li', {}, e.path ? `${e.path}: ${e.message}` : e.message)))),
          ),
        ),
      ),
    );
    const valid = rows.filter((r) => r.ok);
    const confirm = h('button', { type: 'button', class: 'pl-button pl-primary', disabled: valid.length === 0 }, `Import ${plural(valid.length, 'access point', 'access points')}`);
    const cancel = h('button', { type: 'button', class: 'pl-button' }, 'Cancel');
    const note = result.invalid > 0 ? h('p', { class: 'hint' }, `${plural(result.invalid, 'row', 'rows')} with errors will be left out. Correct the file and import it again to add them.`) : null;
    confirm.addEventListener('click', () => void commit(fileName, valid.length === rows.length ? { format, content } : asGeoJSON(valid), confirm));
    cancel.addEventListener('click', reset);
    fill(preview, h('div', { class: 'pl-table-scroll' }, table), note, h('div', { class: 'pl-actions' }, confirm, cancel));
  }

  async function commit(fileName: string, upload: { format: 'csv' | 'geojson'; content: string }, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const result = await api.importAccessPoints(upload.format, upload.content, true);
      reset();
      status.textContent = `Imported ${plural(result.ids?.length ?? result.valid, 'access point', 'access points')} from ${fileName}.`;
      await ctx.registry.refresh({ afterChange: true });
      ctx.say(status.textContent);
    } catch (error) {
      status.textContent = `Nothing was imported: ${ctx.explain(error)}`;
      button.disabled = false;
    }
  }

  function reset(): void {
    preview.replaceChildren();
    status.textContent = '';
    input.value = '';
  }

  return section;
}

/** Only the rows that passed, as the server normalised them: re-checked on commit, all or none. */
function asGeoJSON(rows: api.ImportRow[]): { format: 'geojson'; content: string } {
  const features = rows.map((r) => {
    const { lon, lat, ...properties } = r.accessPoint!;
    return { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
  });
  return { format: 'geojson', content: JSON.stringify({ type: 'FeatureCollection', features }) };
}
