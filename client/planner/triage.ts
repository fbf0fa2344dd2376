// Triage: the queue of residents' reports with filters; selecting one flies the map to its exact
// position; a status change carries a public note the reporter sees; the resident's note can be published.
import * as api from '../api';
import { defaultReportKinds, reportKindLabel } from '../map/core';
import type { MapClick, MapMarker } from '../map/map-view';
import type { PlannerContext, Tool } from './context';
import { field, fill, h, labelled, options, showError, uid } from './dom';
import { age, coordinate, plural } from './format';
import { markerElement, markerSize } from './markers';
import { boundsAround } from './fit';

const statusLabels: Record<api.ReportStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  planned: 'Planned',
  resolved: 'Resolved',
  duplicate: 'Duplicate (merge into another report)',
  hidden: 'Hidden (abuse or personal details)',
};
const needsAction = 'open,acknowledged,planned';

export function createTriageTool(ctx: PlannerContext): Tool {
  const status = h('select', { id: 'pl-triage-status' }, ...options([[needsAction, 'Needs action'], ...Object.entries(statusLabels).map(([v, l]) => [v, l.replace(/ \(.*/, '')] as [string, string]), ['', 'All']], needsAction));
  const kind = h('select', { id: 'pl-triage-kind' }, ...options([['', 'All kinds'], ...defaultReportKinds.map((k) => [k.id, reportKindLabel(k.id)] as [string, string])]));
  const ward = h('select', { id: 'pl-triage-ward' }, ...options([['', 'All wards'], ...Array.from({ length: 10 }, (_, i) => [String(i + 1), `Ward ${i + 1}`] as [string, string])]));
  const older = h('input', { type: 'number', id: 'pl-triage-older', min: 0, max: 3650, step: 1, inputmode: 'numeric' });
  const sort = h('select', { id: 'pl-triage-sort' }, ...options([['confirmations', 'Most confirmations first'], ['oldest', 'Oldest first'], ['newest', 'Newest first']], 'confirmations'));
  const filters = h(
    'form',
    { class: 'pl-filters', 'aria-label': 'Filter the reports' },
    labelled('Status', status),
    labelled('Kind', kind),
    labelled('Ward', ward),
    labelled('Older than (days)', older),
    labelled('Sort', sort),
  );
  filters.addEventListener('submit', (event) => event.preventDefault());
  filters.addEventListener('change', () => void load({ fit: true }));

  const count = h('p', { class: 'hint', role: 'status' });
  const refresh = h('button', { type: 'button', class: 'pl-button pl-small' }, 'Refresh');
  refresh.addEventListener('click', () => void load());
  const queue = h('ol', { class: 'pl-list pl-queue', 'aria-label': 'Reports to triage' });
  const detail = h('section', { class: 'pl-card', hidden: true, 'aria-label': 'Selected report' });
  const panel = h('section', {}, h('h2', { class: 'pl-title' }, 'Triage reports'), filters, h('div', { class: 'pl-gap-head' }, count, refresh), queue, detail);

  let reports: api.StaffReportCollection['features'] = [];
  let selectedId: number | null = null;
  let marker: MapMarker | null = null;
  let loaded = false;
  let poll: ReturnType<typeof setInterval> | undefined;
  const pollMs = 60_000; // ms: new reports appear within a minute while the queue is open

  /** Loads the queue; after a change of filters the map shows every report in it. */
  async function load({ fit = false } = {}): Promise<void> {
    count.textContent = 'Loading reports…';
    const days = older.value.trim() === '' ? undefined : Number(older.value);
    try {
      const result = await api.getTriageReports({
        status: status.value ? (status.value.split(',') as api.ReportStatus[]) : undefined,
        kind: kind.value ? [kind.value as api.ReportKind] : undefined,
        ward: ward.value ? Number(ward.value) : undefined,
        olderThanDays: days !== undefined && Number.isFinite(days) ? days : undefined,
        sort: sort.value as api.TriageQuery['sort'],
      });
      reports = result.features;
      loaded = true;
      count.textContent = reports.length ? plural(reports.length, 'report', 'reports') : 'No reports match these filters.';
      renderQueue();
      const around = fit ? boundsAround(reports.map((r) => ({ lon: r.geometry.coordinates[0], lat: r.geometry.coordinates[1] }))) : null;
      if (around) ctx.view.flyToBounds(around);
      const still = reports.find((r) => r.properties.id === selectedId);
      if (still) renderDetail(still);
      else clearSelection();
    } catch (error) {
      count.textContent = `Could not load the reports: ${ctx.explain(error)}`;
    }
  }

  function renderQueue(): void {
    queue.replaceChildren(
      ...reports.map((r) => {
        const p = r.properties;
        const confirmations = p.confirmations ?? 0;
        const button = h(
          'button',
          { type: 'button', class: 'pl-queue-item', 'aria-current': p.id === selectedId ? 'true' : false, 'data-report-id': p.id },
          h('span', { class: 'pl-queue-title' }, `#${p.id} ${reportKindLabel(p.kind)}`),
          h('span', { class: 'pl-queue-meta' }, [statusLabels[p.status].replace(/ \(.*/, ''), age(p.createdAt), confirmations ? plural(confirmations, 'confirmation', 'confirmations') : null].filter(Boolean).join(' · ')),
          p.note ? h('span', { class: 'pl-queue-note' }, `“${p.note}”`) : null,
        );
        button.addEventListener('click', () => select(r));
        return h('li', {}, button);
      }),
    );
  }

  function select(report: api.StaffReportCollection['features'][number]): void {
    selectedId = report.properties.id as number;
    const [lon, lat] = report.geometry.coordinates;
    ctx.view.closePopup();
    ctx.view.flyTo({ lon, lat }, 17);
    marker?.remove();
    marker = ctx.view.addMarker({ lon, lat }, { element: markerElement('selected', `Selected report #${selectedId}`), size: markerSize });
    renderQueue();
    renderDetail(report);
  }

  function clearSelection(): void {
    selectedId = null;
    marker?.remove();
    marker = null;
    detail.hidden = true;
    detail.replaceChildren();
  }

  function renderDetail(report: api.StaffReportCollection['features'][number], notice = ''): void {
    const p = report.properties;
    const id = p.id as number;
    const [lon, lat] = report.geometry.coordinates;
    const facts: [string, string][] = [
      ['Status', statusLabels[p.status]],
      ['Filed', `${new Date(p.createdAt).toLocaleString('en-CA')} (${age(p.createdAt)})`],
      ['Confirmations', String(p.confirmations ?? 0)],
      ['Exact position', `${coordinate(lat)}, ${coordinate(lon)}${p.accuracyM ? ` (±${Math.round(p.accuracyM)} m)` : ''}`],
      ["Resident's note", p.note ? `“${p.note}”${p.notePublished ? ' (published)' : ' (not published)'}` : 'No note'],
      ['Public note', p.publicNote ?? 'None yet'],
    ];
    if (p.mergedInto) facts.push(['Merged into', `#${p.mergedInto}`]);

    const groupName = uid('status');
    const radios = (Object.keys(statusLabels) as api.ReportStatus[]).map((s) => {
      const input = h('input', { type: 'radio', name: groupName, value: s, id: `${groupName}-${s}` });
      input.checked = s === p.status;
      return h('div', { class: 'pl-radio' }, input, h('label', { for: input.id }, s === p.status ? `${statusLabels[s]} (now)` : statusLabels[s]));
    });
    const statusError = h('p', { class: 'field-error', id: uid('status-error') });
    const statusGroup = h('fieldset', { class: 'pl-fieldset', 'aria-describedby': statusError.id }, h('legend', {}, 'Status'), ...radios, statusError);
    const merge = h('input', { type: 'number', min: 1, step: 1, inputmode: 'numeric' });
    const mergeField = field('Merge into report #', merge, 'The report this one repeats; its reporter becomes a confirmation there.');
    const publicNote = h('textarea', { rows: 3, maxlength: 500 });
    publicNote.value = p.publicNote ?? '';
    const noteField = field('Public note (the reporter sees it)', publicNote, 'For example what the City will do and when. No personal details.');
    const publish = h('input', { type: 'checkbox', disabled: !p.note });
    publish.checked = p.notePublished;
    const publishField = field(p.note ? "Publish the resident's note" : "Publish the resident's note (there is none)", publish);
    const formError = h('p', { class: 'field-error', role: 'alert' });
    const save = h('button', { type: 'submit', class: 'pl-button pl-primary' }, 'Save');
    const form = h('form', { class: 'pl-form', novalidate: true, 'aria-label': `Change report #${id}` }, statusGroup, mergeField.row, noteField.row, publishField.row, formError, h('div', { class: 'pl-actions' }, save));
    const chosen = () => (form.querySelector<HTMLInputElement>(`input[name="${groupName}"]:checked`)?.value ?? p.status) as api.ReportStatus;
    const syncMerge = () => (mergeField.row.hidden = chosen() !== 'duplicate');
    syncMerge();
    statusGroup.addEventListener('change', () => {
      syncMerge();
      showError(statusError, null, '');
    });

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      for (const [error, control] of [[statusError, null], [mergeField.error, merge], [noteField.error, publicNote], [publishField.error, publish]] as const) showError(error, control, '');
      formError.textContent = '';
      const change: api.ReportChange = { status: chosen() };
      if (publicNote.value.trim() && publicNote.value.trim() !== p.publicNote) change.publicNote = publicNote.value.trim();
      if (publish.checked !== p.notePublished) change.notePublished = publish.checked;
      if (change.status === 'duplicate') change.mergedInto = merge.value ? Number(merge.value) : undefined;
      if (change.status === p.status && change.publicNote === undefined && change.notePublished === undefined) {
        formError.textContent = 'Nothing to save: choose a new status, write a public note or publish the note.';
        return;
      }
      save.disabled = true;
      try {
        const updated = await api.changeReport(id, change);
        ctx.say(`Report #${id} is now ${updated.properties.status}.${change.publicNote ? ' The reporter sees your note.' : ''}`);
        await Promise.all([load(), ctx.reloadReports()]);
        const saved = `Saved: report #${id} is ${statusLabels[updated.properties.status].replace(/ \(.*/, '').toLowerCase()}.`;
        if (reports.some((r) => r.properties.id === id)) renderDetail(reports.find((r) => r.properties.id === id)!, saved);
        else {
          selectedId = id;
          renderDetail(updated, `${saved} It no longer matches the filters above.`);
        }
        detail.querySelector<HTMLElement>('h3')?.focus(); // the re-drawn form: keep the planner where they were
      } catch (error) {
        const message = ctx.explain(error);
        const errors = error instanceof api.ApiError ? error.errors : [];
        const where = { status: [statusError, null], mergedInto: [mergeField.error, merge], publicNote: [noteField.error, publicNote], notePublished: [publishField.error, publish] } as const;
        const unplaced = errors.filter((e) => !(e.path in where));
        for (const e of errors) if (e.path in where) showError(where[e.path as keyof typeof where][0], where[e.path as keyof typeof where][1], e.message);
        formError.textContent = unplaced.length ? unplaced.map((e) => e.message).join('; ') : errors.length ? 'Please correct the fields marked above.' : message;
      } finally {
        save.disabled = false;
      }
    });

    fill(
      detail,
      h('h3', { class: 'pl-subtitle', tabindex: '-1' }, `Report #${id}: ${reportKindLabel(p.kind)}`),
      notice ? h('p', { class: 'pl-notice', role: 'status' }, notice) : null,
      h('dl', { class: 'pl-facts' }, ...facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
      form,
    );
    detail.hidden = false;
  }

  return {
    id: 'triage',
    label: 'Triage',
    panel,
    activate() {
      void load({ fit: true });
      poll = setInterval(() => {
        if (!detail.contains(document.activeElement)) void load(); // never while the planner is typing a note
      }, pollMs);
    },
    deactivate() {
      clearInterval(poll);
      marker?.remove();
      marker = null;
    },
    handleMapClick({ hit }: MapClick) {
      if (!loaded || hit?.layer !== 'reports') return false;
      const report = reports.find((r) => r.properties.id === hit.properties.id);
      if (!report) return false; // not in this queue: the ordinary popup
      select(report);
      detail.querySelector<HTMLElement>('h3')?.focus();
      return true;
    },
    destroy() {
      clearInterval(poll);
      marker?.remove();
    },
  };
}
