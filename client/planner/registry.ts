// Registry tool: add an access point by clicking the map, edit, move by dragging (then confirm), change
// status, and import a CSV or GeoJSON file with a preview. Every write redraws the map and statistics.
import { distance } from '@turf/turf';
import * as api from '../api';
import { accessPointStatusLabels, fittedWords, formatDistanceM } from '../map/core';
import type { LngLat, MapClick, MapMarker } from '../map/map-view';
import { createAccessPointForm, fieldsOf, forRequest, newAccessPointDefaults, positionOf } from './ap-form';
import { createGainCheck } from './gain-check'; // what a new access point would add, before it is saved
import type { PlannerContext, Tool } from './context';
import { h } from './dom';
import { coordinate, percent, points } from './format';
import { createImportSection } from './import';
import { markerElement, markerSize } from './markers';
import { createSuggestionsSection } from './suggestions';

type Mode = { kind: 'idle' } | { kind: 'add' } | { kind: 'edit'; id: number } | { kind: 'move'; id: number; from: LngLat; to: LngLat | null };

export interface RegistryTool extends Tool {
  open(id: number, mode: 'edit' | 'move'): void;
}

export function createRegistryTool(ctx: PlannerContext): RegistryTool {
  const { view, registry } = ctx;
  let mode: Mode = { kind: 'idle' };
  let marker: MapMarker | null = null;

  const addButton = h('button', { type: 'button', class: 'pl-button pl-primary', 'aria-pressed': 'false' }, 'Add access point');
  const editorTitle = h('h3', { class: 'pl-subtitle', tabindex: '-1' });
  const editorHint = h('p', { class: 'hint' });
  const form = createAccessPointForm({
    submitLabel: 'Save',
    onSubmit: () => void save(),
    onCancel: () => setMode({ kind: 'idle' }),
    onPositionTyped: (lon, lat) => placeMarker({ lon, lat }, { fly: true }),
    onUseCentre: () => {
      const centre = view.center();
      form.setPosition(centre.lon, centre.lat);
      placeMarker(centre, { fly: false });
    },
  });
  const gain = createGainCheck();
  const checkGain = () => gain.check(mode.kind === 'add' ? form.values() : null);
  form.element.addEventListener('change', checkGain); // where it is, its power and band change the answer
  const editor = h('section', { class: 'pl-card', hidden: true }, editorTitle, editorHint, form.element, gain.element);

  // Moving: drag the marker (or type coordinates), then confirm.
  const moveTitle = h('h3', { class: 'pl-subtitle', tabindex: '-1' });
  const moveText = h('p', { role: 'status' });
  const moveLon = h('input', { type: 'number', step: 'any', id: 'pl-move-lon', inputmode: 'decimal' });
  const moveLat = h('input', { type: 'number', step: 'any', id: 'pl-move-lat', inputmode: 'decimal' });
  const moveError = h('p', { class: 'field-error', role: 'alert' });
  const moveSave = h('button', { type: 'button', class: 'pl-button pl-primary', disabled: true }, 'Save the new position');
  const moveCancel = h('button', { type: 'button', class: 'pl-button' }, 'Cancel');
  const mover = h(
    'section',
    { class: 'pl-card', hidden: true },
    moveTitle,
    moveText,
    h(
      'div',
      { class: 'pl-grid' },
      h('div', { class: 'pl-field' }, h('label', { for: moveLon.id, class: 'field-label' }, 'New longitude'), moveLon),
      h('div', { class: 'pl-field' }, h('label', { for: moveLat.id, class: 'field-label' }, 'New latitude'), moveLat),
    ),
    moveError,
    h('div', { class: 'pl-actions' }, moveSave, moveCancel),
  );
  for (const input of [moveLon, moveLat])
    input.addEventListener('change', () => {
      const to = { lon: Number(moveLon.value), lat: Number(moveLat.value) };
      if (mode.kind === 'move' && moveLon.value && moveLat.value && Number.isFinite(to.lon) && Number.isFinite(to.lat)) {
        marker?.setPosition(to);
        moved(to);
      }
    });
  moveSave.addEventListener('click', () => void saveMove());
  moveCancel.addEventListener('click', () => setMode({ kind: 'idle' }));

  const filter = h('input', { type: 'search', id: 'pl-registry-filter', placeholder: 'Name, SSID or address', autocomplete: 'off' });
  const list = h('ul', { class: 'pl-list', 'aria-label': 'Access points in the registry' });
  const count = h('p', { class: 'hint' });
  filter.addEventListener('input', renderList);

  const importSection = createImportSection(ctx);
  const suggestions = createSuggestionsSection(ctx); // discovered hotspots and access points probably down

  const panel = h(
    'section',
    {},
    h('h2', { class: 'pl-title' }, 'Access-point registry'),
    h('div', { class: 'pl-actions' }, addButton),
    editor,
    mover,
    importSection,
    suggestions.element,
    h('h3', { class: 'pl-subtitle' }, 'All access points'),
    h('div', { class: 'pl-field' }, h('label', { for: filter.id, class: 'field-label' }, 'Find'), filter),
    count,
    list,
  );

  addButton.addEventListener('click', () => setMode(mode.kind === 'add' ? { kind: 'idle' } : { kind: 'add' }));
  const unsubscribe = registry.on(renderList);
  let activatedBefore = false;

  function setMode(next: Mode): void {
    marker?.remove();
    marker = null;
    mode = next;
    const adding = next.kind === 'add';
    addButton.setAttribute('aria-pressed', String(adding));
    view.setPicking(adding);
    editor.hidden = next.kind !== 'add' && next.kind !== 'edit';
    mover.hidden = next.kind !== 'move';
    form.clearErrors();
    checkGain(); // says nothing until a new access point has a position
    if (next.kind === 'add') {
      editorTitle.textContent = 'New access point';
      editorHint.textContent = 'Click the map where it is (you can drag the marker afterwards), then fill in what you know.';
      form.fill(newAccessPointDefaults);
      editorTitle.focus();
    } else if (next.kind === 'edit') {
      const entry = registry.get(next.id)!;
      const [lon, lat] = entry.geometry.coordinates;
      editorTitle.textContent = `Edit ${entry.properties.name}`;
      editorHint.textContent = 'Only the fields you change are sent.';
      form.fill(fieldsOf(entry.properties, entry.geometry.coordinates));
      placeMarker({ lon, lat }, { fly: true });
      editorTitle.focus();
    } else if (next.kind === 'move') {
      const entry = registry.get(next.id)!;
      moveTitle.textContent = `Move ${entry.properties.name}`;
      moveText.textContent = 'Drag the marker on the map to the new position (or type the coordinates), then save.';
      moveLon.value = coordinate(next.from.lon);
      moveLat.value = coordinate(next.from.lat);
      moveError.textContent = '';
      moveSave.disabled = true;
      marker = view.addMarker(next.from, {
        element: markerElement('edit', `New position of ${entry.properties.name}: drag to move`),
        size: markerSize,
        draggable: true,
        onDragEnd: (to) => {
          moveLon.value = coordinate(to.lon);
          moveLat.value = coordinate(to.lat);
          moved(to);
        },
      });
      view.flyTo(next.from, 16);
      moveTitle.focus();
    }
  }

  function moved(to: LngLat, where = ''): void {
    if (mode.kind !== 'move') return;
    mode.to = to;
    const metres = distance([mode.from.lon, mode.from.lat], [to.lon, to.lat], { units: 'meters' });
    moveText.textContent = `Moved ${formatDistanceM(metres)} from where it was${where ? `, ${where}` : ''}. Save the new position, or cancel to leave it.`;
    moveSave.disabled = false;
    moveError.textContent = '';
  }

  function placeMarker(at: LngLat, { fly }: { fly: boolean }): void {
    if (marker) marker.setPosition(at);
    else
      marker = view.addMarker(at, {
        element: markerElement('edit', 'Access point position: drag to move'),
        size: markerSize,
        draggable: true,
        onDragEnd: (to) => {
          form.setPosition(to.lon, to.lat);
          checkGain();
        },
      });
    if (fly) view.flyTo(at);
    checkGain();
  }

  async function save(): Promise<void> {
    const values = form.values();
    form.setBusy(true);
    try {
      if (mode.kind === 'add') {
        const created = await api.createAccessPoint(forRequest(values));
        await afterWrite(`Added ${created.properties.name}.`);
      } else if (mode.kind === 'edit') {
        const entry = registry.get(mode.id)!;
        const before = fieldsOf(entry.properties, entry.geometry.coordinates);
        const same = (a: unknown, b: unknown) => a === b || (Array.isArray(a) && Array.isArray(b) && a.join() === b.join()); // the BSSID list compares by value
        const patch = Object.fromEntries(Object.entries(values).filter(([k, v]) => !same(v, before[k as keyof typeof before])));
        // Moving needs both coordinates; the six-decimal round trip must not count as a move.
        const at = positionOf(values);
        if (at && distance([before.lon, before.lat], [at.lon, at.lat], { units: 'meters' }) < 0.5) {
          delete patch.lon;
          delete patch.lat;
        } else if ('lon' in patch || 'lat' in patch) Object.assign(patch, { lon: values.lon, lat: values.lat });
        if (Object.keys(patch).length === 0) {
          setMode({ kind: 'idle' });
          ctx.say('Nothing was changed.');
          return;
        }
        const updated = await api.updateAccessPoint(mode.id, forRequest(patch));
        await afterWrite(`Saved ${updated.properties.name}.`);
      }
    } catch (error) {
      const message = ctx.explain(error);
      form.showErrors(error instanceof api.ApiError && error.status === 400 ? error.errors : [], message);
    } finally {
      form.setBusy(false);
    }
  }

  async function saveMove(): Promise<void> {
    if (mode.kind !== 'move' || !mode.to) return;
    moveSave.disabled = true;
    try {
      const updated = await api.updateAccessPoint(mode.id, { lon: mode.to.lon, lat: mode.to.lat });
      await afterWrite(`Moved ${updated.properties.name}.`);
    } catch (error) {
      const message = ctx.explain(error);
      moveError.textContent = error instanceof api.ApiError && error.errors.length ? error.errors.map((e) => e.message).join('; ') : message;
      moveSave.disabled = false;
    }
  }

  /** After a write: the list again, the change in coverage said; focus back on the row written (or on "Add"). */
  async function afterWrite(done: string, rowId?: number): Promise<void> {
    setMode({ kind: 'idle' });
    await registry.refresh({ afterChange: true });
    const { current, previous } = ctx.stats;
    const change = current && previous ? ` Kitchener covered: ${percent(previous.city.coveredShare)} → ${percent(current.city.coveredShare)} (${points(previous.city.coveredShare, current.city.coveredShare)}).` : '';
    ctx.say(`${done}${change}`);
    (list.querySelector<HTMLElement>(`li[data-id="${rowId}"] .pl-link`) ?? addButton).focus(); // a planner working down the list keeps their place
  }

  async function setStatus(entry: api.RegistryEntry, status: api.AccessPointStatus): Promise<void> {
    try {
      const updated = await api.updateAccessPoint(entry.properties.id, { status });
      registry.replace(updated);
      await ctx.stats.refresh({ afterChange: true });
      ctx.say(`${updated.properties.name}: ${accessPointStatusLabels[status].toLowerCase()}.`);
    } catch (error) {
      ctx.say(`Could not change ${entry.properties.name}: ${ctx.explain(error)}`);
    }
  }

  /** Writes the BSSIDs phones heard as this AP's radio into its entry, so they stay its own whatever else is heard. */
  async function addBssids(entry: api.RegistryEntry, learned: string[], button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const bssids = [...new Set([...entry.properties.bssids, ...learned])];
      const updated = await api.updateAccessPoint(entry.properties.id, { bssids });
      await afterWrite(`${updated.properties.name} now lists ${learned.join(', ')}.`, updated.properties.id);
    } catch (error) {
      ctx.say(`Could not add the BSSIDs to ${entry.properties.name}: ${ctx.explain(error)}`);
      button.disabled = false;
    }
  }

  function renderList(): void {
    const query = filter.value.trim().toLowerCase();
    const entries = registry.entries
      .filter((e) => !query || [e.properties.name, e.properties.ssid, e.properties.address].some((t) => t?.toLowerCase().includes(query)))
      .sort((a, b) => a.properties.name.localeCompare(b.properties.name));
    count.textContent = `${entries.length} of ${registry.entries.length} access points`;
    list.replaceChildren(
      ...entries.map((entry) => {
        const p = entry.properties;
        const [lon, lat] = entry.geometry.coordinates;
        const name = h('button', { type: 'button', class: 'pl-link' }, p.name);
        name.addEventListener('click', () => view.flyTo({ lon, lat }, 16));
        // One click for live status; planned and retired are set in the edit form.
        const next: api.AccessPointStatus = p.status === 'active' ? 'down' : 'active';
        const status = h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `${next === 'down' ? 'Mark down' : 'Mark active'}: ${p.name}` }, next === 'down' ? 'Mark down' : 'Mark active');
        status.addEventListener('click', () => void setStatus(entry, next));
        const edit = h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `Edit ${p.name}` }, 'Edit');
        edit.addEventListener('click', () => setMode({ kind: 'edit', id: p.id }));
        const move = h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `Move ${p.name}` }, 'Move');
        move.addEventListener('click', () => setMode({ kind: 'move', id: p.id, from: { lon, lat }, to: null }));
        // Where its readings place it, 20 m or more from its entry (the fit moves it only on 20+ readings from 3+ phones).
        const estimated = p.assessment?.estimatedPosition ?? null;
        const relocate = estimated ? h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `Move ${p.name} to where readings place it` }, 'Move to the readings\' place') : null;
        relocate?.addEventListener('click', () => {
          setMode({ kind: 'move', id: p.id, from: { lon, lat }, to: null });
          const to = { lon: estimated![0], lat: estimated![1] };
          marker?.setPosition(to);
          [moveLon.value, moveLat.value] = [coordinate(to.lon), coordinate(to.lat)];
          moved(to, 'where its readings place it');
          view.flyTo(to, 16);
        });
        const learned = p.assessment?.learnedBssids ?? [];
        const keep = learned.length ? h('button', { type: 'button', class: 'pl-button pl-small', 'aria-label': `Add ${learned.join(', ')} to ${p.name}` }, learned.length === 1 ? 'Add its BSSID' : 'Add its BSSIDs') : null;
        keep?.addEventListener('click', () => void addBssids(entry, learned, keep));
        return h(
          'li',
          { class: `pl-row pl-status-${p.status}`, 'data-id': p.id },
          h(
            'div',
            { class: 'pl-row-main' },
            name,
            h('span', { class: 'hint' }, [p.probablyDown && p.status === 'active' ? 'Probably down' : accessPointStatusLabels[p.status], p.ssid ?? 'no SSID recorded', `reach ≈ ${formatDistanceM(p.reachM)}`].join(' · ')),
            fittedWords(p) && h('span', { class: 'hint' }, fittedWords(p)), // the fitted reach, where readings allow
          ),
          h('div', { class: 'pl-row-actions' }, status, edit, move, relocate, keep),
        );
      }),
    );
  }

  return {
    id: 'registry',
    label: 'Registry',
    panel,
    open(id, kind) {
      const entry = registry.get(id);
      if (!entry) return;
      const [lon, lat] = entry.geometry.coordinates;
      view.closePopup();
      setMode(kind === 'edit' ? { kind: 'edit', id } : { kind: 'move', id, from: { lon, lat }, to: null });
    },
    activate() {
      // Back on the tab, the flags phones set since (probably down, learned radios) as well as the finds; the first
      // time is the workspace opening, which loads the registry itself once the resident layers are drawn.
      if (activatedBefore) {
        void registry.refresh().catch((error: unknown) => ctx.say(`Could not load the registry: ${ctx.explain(error)}`));
      }
      activatedBefore = true;
      void suggestions.refresh();
    },
    deactivate() {
      setMode({ kind: 'idle' });
      ctx.overlays.clear('suggestion');
    },
    handleMapClick({ lngLat }: MapClick) {
      if (mode.kind !== 'add') return false;
      form.setPosition(lngLat.lon, lngLat.lat);
      placeMarker(lngLat, { fly: false });
      form.element.querySelector<HTMLInputElement>('input[name="name"]')?.focus();
      return true;
    },
    destroy() {
      setMode({ kind: 'idle' });
      unsubscribe();
      suggestions.destroy();
    },
  };
}
