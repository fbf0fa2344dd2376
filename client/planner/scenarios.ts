// Saved what-if scenarios: save the one being edited, list them, compare any side by side (each
// evaluated by the server against today's model), open one in the editor, export GeoJSON, delete.
import { fileNameOf } from '../../server/domain/file-name'; // the same name the server gives the download
import * as api from '../api';
import type { PlannerContext } from './context';
import { h } from './dom';
import { area, count, percent, plural, points, signed } from './format';
import { gapCount } from './map-words';

export interface SavedScenarios {
  element: HTMLElement;
  refresh(): Promise<void>;
  /** Saving needs at least one change in the editor. */
  setCanSave(canSave: boolean): void;
}

export function createSavedScenarios(ctx: PlannerContext, editor: { current: () => api.ScenarioBody; open: (scenario: api.ScenarioBody) => void }): SavedScenarios {
  const name = h('input', { type: 'text', id: 'pl-scenario-name', maxlength: 200, autocomplete: 'off', placeholder: 'e.g. Victoria Park, two outdoor sites' });
  const saveButton = h('button', { type: 'submit', class: 'pl-button pl-primary', disabled: true }, 'Save scenario');
  const saveError = h('p', { class: 'field-error', role: 'alert' });
  const form = h(
    'form',
    { class: 'pl-form pl-save', novalidate: true },
    h('div', { class: 'pl-field' }, h('label', { for: name.id, class: 'field-label' }, 'Scenario name'), name),
    saveError,
    h('div', { class: 'pl-actions' }, saveButton),
  );
  const list = h('ul', { class: 'pl-list pl-saved', 'aria-label': 'Saved scenarios' });
  const status = h('p', { class: 'hint', role: 'status' });
  const compareBox = h('div', { class: 'pl-compare' });
  const element = h('div', {}, form, h('h3', { class: 'pl-subtitle' }, 'Saved scenarios'), status, list, compareBox);
  const compared = new Set<number>();
  let canSave = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });

  async function save(): Promise<void> {
    saveError.textContent = '';
    if (!name.value.trim()) {
      saveError.textContent = 'Give the scenario a name.';
      name.setAttribute('aria-invalid', 'true');
      name.focus();
      return;
    }
    name.removeAttribute('aria-invalid');
    saveButton.disabled = true;
    try {
      const saved = await api.saveScenario(name.value.trim(), editor.current());
      name.value = '';
      ctx.say(`Saved the scenario “${saved.name}”.`);
      compared.add(saved.id); // shown in the comparison at once
      await refresh();
    } catch (error) {
      const message = ctx.explain(error);
      saveError.textContent = error instanceof api.ApiError && error.errors.length ? error.errors.map((e) => `${e.path}: ${e.message}`).join('; ') : message;
    } finally {
      saveButton.disabled = !canSave;
    }
  }

  async function refresh(): Promise<void> {
    try {
      const scenarios = await api.listScenarios();
      for (const id of compared) if (!scenarios.some((s) => s.id === id)) compared.delete(id);
      status.textContent = scenarios.length ? plural(scenarios.length, 'saved scenario', 'saved scenarios') : 'No saved scenarios yet.';
      list.replaceChildren(...scenarios.map(item));
      void renderCompare();
    } catch (error) {
      status.textContent = `Could not load the saved scenarios: ${ctx.explain(error)}`;
    }
  }

  function item(s: api.SavedScenario): HTMLElement {
    const check = h('input', { type: 'checkbox', id: `pl-compare-${s.id}` });
    check.checked = compared.has(s.id);
    check.addEventListener('change', () => {
      if (check.checked) compared.add(s.id);
      else compared.delete(s.id);
      void renderCompare();
    });
    const open = h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `Open “${s.name}” in the editor` }, 'Open');
    open.addEventListener('click', () => editor.open(s.body));
    const exportLink = h('a', { class: 'pl-button pl-small', href: api.scenarioGeoJsonUrl(s.id), download: fileNameOf(s.name, s.id, 'geojson'), 'aria-label': `Export “${s.name}” as GeoJSON` }, 'Export GeoJSON');
    const del = h('button', { type: 'button', class: 'pl-button pl-small pl-danger', 'aria-label': `Delete “${s.name}”` }, 'Delete');
    del.addEventListener('click', async () => {
      if (!window.confirm(`Delete the scenario “${s.name}”? This cannot be undone.`)) return;
      try {
        await api.deleteScenario(s.id);
        ctx.say(`Deleted “${s.name}”.`);
        await refresh();
      } catch (error) {
        status.textContent = `Could not delete “${s.name}”: ${ctx.explain(error)}`;
      }
    });
    const summary = `${s.body.add.length} added, ${s.body.move.length} moved, ${s.body.remove.length} removed`;
    return h(
      'li',
      { class: 'pl-row' },
      h('div', { class: 'pl-row-main pl-check' }, check, h('label', { for: check.id }, h('strong', {}, s.name), h('span', { class: 'hint' }, ` · ${summary} · by ${s.createdBy}`))),
      h('div', { class: 'pl-row-actions' }, open, exportLink, del),
    );
  }

  async function renderCompare(): Promise<void> {
    if (compared.size === 0) {
      compareBox.replaceChildren(h('p', { class: 'hint' }, 'Tick scenarios to compare them side by side, evaluated against today’s model.'));
      return;
    }
    try {
      const scenarios = await Promise.all([...compared].sort((a, b) => a - b).map((id) => api.getScenario(id)));
      const rows: string[][] = [
        ['Changes', ...scenarios.map((s) => `${s.body.add.length} added, ${s.body.move.length} moved, ${s.body.remove.length} removed`)],
        ['Covered area', ...scenarios.map((s) => `${area(s.result.coveredAreaM2.after)} (${signed(s.result.coveredAreaM2.change, area)})`)],
        ['Covered share', ...scenarios.map((s) => `${percent(s.result.coveredShare.after)} (${points(s.result.coveredShare.before, s.result.coveredShare.after)})`)],
        ['Demand covered', ...scenarios.map((s) => `${count(s.result.demandCovered.after)} (${signed(s.result.demandCovered.change, count)})`)],
        ['Area in gaps', ...scenarios.map((s) => area(s.result.gaps.after.areaM2))],
        ['Gaps', ...scenarios.map((s) => count(gapCount(s.result.gaps.after)))],
      ];
      compareBox.replaceChildren(h('div', { class: 'pl-table-scroll' }, numbersTable(['', ...scenarios.map((s) => s.name)], rows, 'Saved scenarios side by side')));
    } catch (error) {
      compareBox.replaceChildren(h('p', { class: 'field-error' }, `Could not compare: ${ctx.explain(error)}`));
    }
  }

  return {
    element,
    refresh,
    setCanSave(next) {
      canSave = next;
      saveButton.disabled = !next;
    },
  };
}

/** A table of figures: row headings first, the values kept on one line each. */
export function numbersTable(headers: string[], rows: string[][], caption: string): HTMLTableElement {
  return h(
    'table',
    { class: 'pl-table pl-numbers' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r[0]), ...r.slice(1).map((c) => h('td', {}, c))))),
  );
}
