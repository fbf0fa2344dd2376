// "Report a problem here": place a pin (tap, location, or map centre), choose what is wrong, add a note, submit.
import { ApiError, createReport, type FieldError, type ReportFeature, type ReportKind } from '../api';
import { formatDistanceM, reportColours } from '../map/core';
import type { LngLat, MapView } from '../map/map-view';
import { newClientId } from './client-id';
import { canLocate, locate, poorFixM } from './locate';

export const noteMaxChars = 500; // the server's limit; long enough for "which door, which floor, what time"

type Field = 'position' | 'kind' | 'note' | 'form';

interface Position extends LngLat {
  accuracyM?: number; // only for a location fix; a tapped pin is as exact as the resident placed it
  needsConfirm: boolean; // a poor fix must be confirmed or replaced by a tap
}

export interface ReportFlowOptions {
  view: MapView;
  kinds: { id: ReportKind; label: string }[];
  announce: (message: string) => void;
  onCreated: (report: ReportFeature) => void;
}

export interface ReportFlow {
  /** True while the form is open: a map click places the pin instead of opening a popup. */
  isPicking(): boolean;
  placePin(at: LngLat): void;
}

export function createReportFlow({ view, kinds, announce, onCreated }: ReportFlowOptions): ReportFlow {
  const el = elements();
  let position: Position | null = null;
  let clientId = newClientId();
  let open = false;
  let submitting = false;

  renderKindOptions(el.kindOptions, kinds);
  if (!canLocate()) el.useLocation.hidden = true;

  el.reportButton.addEventListener('click', openPanel);
  el.close.addEventListener('click', () => closePanel());
  el.panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closePanel();
  });
  el.useLocation.addEventListener('click', useMyLocation);
  el.useCentre.addEventListener('click', () => {
    setPosition({ ...view.center(), needsConfirm: false }, 'Pin placed at the centre of the map. Tap the map to move it.');
  });
  el.confirmPosition.addEventListener('click', () => {
    if (!position) return;
    position.needsConfirm = false;
    el.confirm.hidden = true;
    el.positionText.textContent = `Pin at your location (±${formatDistanceM(position.accuracyM ?? 0)}), confirmed.`;
    setError('position', []);
    el.kindFieldset.querySelector('input')?.focus();
  });
  el.note.addEventListener('input', () => {
    updateCounter();
    setError('note', []);
    answersChanged();
  });
  el.kindFieldset.addEventListener('change', () => {
    setError('kind', []);
    answersChanged();
  });
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  updateCounter();

  function openPanel(): void {
    open = true;
    document.body.classList.add('is-reporting');
    el.panel.hidden = false;
    el.reportButton.hidden = true;
    el.reportButton.setAttribute('aria-expanded', 'true');
    view.closePopup();
    view.setPicking(true);
    if (position) view.setPin(position); // answers survive closing the form by mistake; so does the pin
    // The legend would cover part of the map the resident needs to tap; it can be reopened.
    (document.getElementById('legend') as HTMLDetailsElement | null)?.removeAttribute('open');
    el.title.focus();
  }

  function closePanel(restoreFocus = true): void {
    open = false;
    document.body.classList.remove('is-reporting');
    el.panel.hidden = true;
    el.reportButton.hidden = false;
    el.reportButton.setAttribute('aria-expanded', 'false');
    view.setPicking(false);
    view.setPin(null);
    if (restoreFocus) el.reportButton.focus();
  }

  function setPosition(next: Position, description: string): void {
    position = next;
    view.setPin(next);
    el.positionText.textContent = description;
    setError('position', []);
    setError('form', []);
    answersChanged();
  }

  async function useMyLocation(): Promise<void> {
    el.useLocation.disabled = true;
    el.useLocation.textContent = 'Finding your location…';
    try {
      const fix = await locate();
      const accuracy = formatDistanceM(fix.accuracyM);
      const poor = fix.accuracyM > poorFixM;
      setPosition(
        { lon: fix.lon, lat: fix.lat, accuracyM: Math.round(fix.accuracyM), needsConfirm: poor },
        poor ? `Your location is only accurate to about ±${accuracy}.` : `Pin at your location (±${accuracy}).`,
      );
      el.confirm.hidden = !poor;
      el.confirmText.textContent = poor ? 'Use it anyway, or tap the map where the problem is to place the pin exactly.' : '';
      view.flyTo(fix, 16);
      announce(poor ? `Your location is only accurate to about ${accuracy}. Confirm it or tap the map.` : `Pin placed at your location, accurate to about ${accuracy}.`);
    } catch (error) {
      setError('position', [(error as Error).message]);
      announce((error as Error).message);
    } finally {
      el.useLocation.disabled = false;
      el.useLocation.textContent = 'Use my location';
    }
  }

  async function submit(): Promise<void> {
    if (submitting) return;
    clearErrors();
    const kind = selectedKind();
    const problems: FieldError[] = [];
    if (!position) problems.push({ path: 'position', message: 'Tap the map or use your location to place the pin.' });
    else if (position.needsConfirm) problems.push({ path: 'position', message: 'Confirm your location, or tap the map to place the pin.' });
    if (!kind) problems.push({ path: 'kind', message: 'Choose what is wrong.' });
    if (problems.length > 0 || !position || !kind) return showErrors(problems, 'Report not sent.');

    const note = el.note.value.trim();
    submitting = true;
    el.submit.disabled = true;
    el.submit.textContent = 'Sending…';
    try {
      const created = await createReport({
        kind,
        lon: round6(position.lon),
        lat: round6(position.lat),
        ...(position.accuracyM !== undefined ? { accuracyM: position.accuracyM } : {}),
        ...(note ? { note } : {}),
        clientId,
      });
      onCreated(created);
      resetForm();
      closePanel();
      announce(`Thank you. Your report “${kinds.find((k) => k.id === kind)?.label ?? kind}” is on the map.`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 0) {
        // Keep the answers and the clientId: pressing Submit again cannot create a second report.
        showErrors([{ path: '', message: `${error.message} Your report is kept here; press Submit again when you are back online.` }], 'Report not sent.');
      } else {
        showErrors(error.errors.length > 0 ? error.errors : [{ path: '', message: error.message }], 'Report not sent.');
      }
    } finally {
      submitting = false;
      el.submit.disabled = false;
      el.submit.textContent = 'Submit report';
    }
  }

  function showErrors(errors: FieldError[], summary: string): void {
    const byField = new Map<Field, string[]>();
    for (const e of errors) {
      const field = fieldOf(e.path);
      const list = byField.get(field) ?? [];
      if (!list.includes(e.message)) list.push(e.message);
      byField.set(field, list);
    }
    for (const [field, messages] of byField) setError(field, messages);
    const first = (['position', 'kind', 'note', 'form'] as Field[]).find((f) => byField.has(f));
    if (first) {
      announce(`${summary} ${byField.get(first)![0]}`);
      focusField(first);
    }
  }

  function setError(field: Field, messages: string[]): void {
    const target = errorElement(field);
    target.textContent = messages.join(' ');
    target.classList.toggle('is-visible', messages.length > 0);
    const control = controlOf(field);
    if (control) control.setAttribute('aria-invalid', String(messages.length > 0));
  }

  function clearErrors(): void {
    for (const field of ['position', 'kind', 'note', 'form'] as Field[]) setError(field, []);
  }

  function focusField(field: Field): void {
    if (field === 'kind') (el.kindFieldset.querySelector<HTMLInputElement>('input:checked') ?? el.kindFieldset.querySelector('input'))?.focus();
    else if (field === 'note') el.note.focus();
    else errorElement(field).focus();
  }

  function errorElement(field: Field): HTMLElement {
    return { position: el.errorPosition, kind: el.errorKind, note: el.errorNote, form: el.errorForm }[field];
  }

  function controlOf(field: Field): HTMLElement | null {
    // aria-invalid belongs on a form control; the position and kind groups point at their errors via aria-describedby.
    return field === 'note' ? el.note : null;
  }

  function selectedKind(): ReportKind | null {
    const checked = el.kindFieldset.querySelector<HTMLInputElement>('input[name="kind"]:checked');
    return (checked?.value as ReportKind | undefined) ?? null;
  }

  function answersChanged(): void {
    clientId = newClientId(); // new answers are a new report, not a retry of the old one
  }

  function updateCounter(): void {
    const used = el.note.value.length;
    el.noteCount.textContent = `${used} / ${noteMaxChars}`;
    el.noteCount.classList.toggle('is-near-limit', used > noteMaxChars - 50);
  }

  function resetForm(): void {
    el.form.reset();
    position = null;
    el.confirm.hidden = true;
    el.positionText.textContent = 'Tap the map where the problem is, or use your location.';
    updateCounter();
    clearErrors();
    clientId = newClientId();
  }

  return {
    isPicking: () => open,
    placePin(at: LngLat) {
      el.confirm.hidden = true;
      setPosition({ ...at, needsConfirm: false }, 'Pin placed where you tapped. Tap again to move it.');
      announce('Pin placed on the map.');
    },
  };
}

/** Server paths name request fields; the form groups lon, lat and accuracy under one "Where?" field. */
function fieldOf(path: string): Field {
  if (path === 'kind') return 'kind';
  if (path === 'note') return 'note';
  if (['lon', 'lat', 'accuracyM', 'position', 'coordinates'].includes(path)) return 'position';
  return 'form';
}

function round6(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6; // ~0.1 m: RFC 7946's advice, far finer than any phone fix
}

function renderKindOptions(container: HTMLElement, kinds: { id: ReportKind; label: string }[]): void {
  container.replaceChildren(
    ...kinds.map((kind) => {
      const label = document.createElement('label');
      label.className = 'kind-option';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'kind';
      input.value = kind.id;
      const swatch = document.createElement('span');
      swatch.className = 'kind-swatch';
      swatch.style.setProperty('background', reportColours[kind.id]);
      swatch.setAttribute('aria-hidden', 'true');
      const text = document.createElement('span');
      text.textContent = kind.label;
      label.append(input, swatch, text);
      return label;
    }),
  );
}

function elements() {
  const byId = <T extends HTMLElement>(id: string): T => {
    const found = document.getElementById(id);
    if (!found) throw new Error(`Missing element #${id} in index.html`);
    return found as T;
  };
  return {
    reportButton: byId<HTMLButtonElement>('report-button'),
    panel: byId('report-panel'),
    form: byId<HTMLFormElement>('report-form'),
    title: byId('report-title'),
    close: byId<HTMLButtonElement>('report-close'),
    positionText: byId('position-text'),
    useLocation: byId<HTMLButtonElement>('use-location'),
    useCentre: byId<HTMLButtonElement>('use-centre'),
    confirm: byId('position-confirm'),
    confirmText: byId('position-confirm-text'),
    confirmPosition: byId<HTMLButtonElement>('confirm-position'),
    kindFieldset: byId<HTMLFieldSetElement>('field-kind'),
    kindOptions: byId('kind-options'),
    note: byId<HTMLTextAreaElement>('report-note'),
    noteCount: byId('note-count'),
    submit: byId<HTMLButtonElement>('report-submit'),
    errorPosition: byId('error-position'),
    errorKind: byId('error-kind'),
    errorNote: byId('error-note'),
    errorForm: byId('error-form'),
  };
}
