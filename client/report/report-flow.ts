// "Report a problem here": place a pin (tap, location, or map centre), choose what is wrong, optionally the
// network tried and a note, submit. Two taps after the pin: the kind, then Submit (or "Me too" when the same
// problem is already open nearby). Everything is sent through the outbox, so no connection loses nothing.
import { getOpenReportsNear, type AccessPointCollection, type FieldError, type PublicReportProps, type ReportKind } from '../api';
import { formatDistanceM, reportColours } from '../map/core';
import { reportsAProblem } from '../../server/domain/vocabulary'; // "works here" is no dead zone
import type { LngLat, MapView } from '../map/map-view';
import { stillSending, type Outbox, type Outcome } from '../offline/outbox';
import { rememberedReports } from '../resident/device';
import { distanceM, downHotspotsAt, networkChoiceRadiusM, networkLabel, networksNear } from '../resident/nearby';
import type { Feature, Point } from 'geojson';
import { newClientId } from './client-id';
import { gapProgressAt } from './gap-progress';
import { canLocate, locate, poorFixM } from './locate';

export const noteMaxChars = 500; // the server's limit; long enough for "which door, which floor, what time"
export const meTooRadiusM = 50; // m: the same problem "here" — two 25 m cells either way
const meTooWaitMs = 3_000; // Submit waits this long for the nearby check; a slow link must not block a report

type Field = 'position' | 'kind' | 'note' | 'form';
type OpenReport = Feature<Point, PublicReportProps>;

interface Position extends LngLat {
  accuracyM?: number; // only for a location fix; a tapped pin is as exact as the resident placed it
  needsConfirm: boolean; // a poor fix must be confirmed or replaced by a tap
}

export interface ReportFlowOptions {
  view: MapView;
  kinds: { id: ReportKind; label: string }[];
  announce: (message: string) => void;
  outbox: Outbox;
  accessPoints: () => AccessPointCollection | null;
  /** "Test my connection after sending": opens the connection test at the report's pin. */
  testConnectionAt: (at: LngLat & { accuracyM?: number }) => void;
}

export interface ReportFlow {
  /** True while the form is open: a map click places the pin instead of opening a popup. */
  isPicking(): boolean;
  placePin(at: LngLat): void;
}

export function createReportFlow({ view, kinds, announce, outbox, accessPoints, testConnectionAt }: ReportFlowOptions): ReportFlow {
  const el = elements();
  let position: Position | null = null;
  let open = false;
  let submitting = false;
  // The nearby check for the current pin and kind; `match` is the open report offered for "me too".
  let check: { key: string; done: Promise<void> } | null = null;
  let match: OpenReport | null = null;

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
  });
  el.kindFieldset.addEventListener('change', () => {
    setError('kind', []);
    checkNearby();
  });
  el.meTooButton.addEventListener('click', () => void sendMeToo());
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
    renderNetworks(next);
    warnIfHotspotDown(next);
    checkNearby();
  }

  /** The free networks registered near the pin, for "which one did you try?"; hidden when there are none. */
  function renderNetworks(at: LngLat): void {
    const chosen = el.network.value;
    const near = networksNear(accessPoints(), at);
    const none = new Option('Not sure, or none', '');
    const options = near.map((n) => new Option(`${networkLabel(n.properties)} (${formatDistanceM(n.distanceM)})${n.properties.status === 'down' ? ', marked down' : ''}`, String(n.properties.id)));
    el.network.replaceChildren(none, ...options);
    el.network.value = options.some((o) => o.value === chosen) ? chosen : '';
    el.networkField.hidden = near.length === 0;
    el.networkHint.textContent = `Free networks registered within ${networkChoiceRadiusM} m of the pin.`;
  }

  function warnIfHotspotDown(at: LngLat): void {
    const down = downHotspotsAt(accessPoints(), at);
    el.downNotice.hidden = down.length === 0;
    if (down.length === 0) return;
    const names = down.map((d) => d.properties.name).join(' and ');
    el.downNotice.textContent = `The hotspot at ${names} is down right now. You can still report what you find.`;
    announce(el.downNotice.textContent);
  }

  /** Asks the server for an open report of the same kind within 50 m; offers "me too" if there is one. */
  function checkNearby(): void {
    const kind = selectedKind();
    if (!position || !kind) return showMatch(null);
    const at = position;
    const key = `${kind}|${at.lon.toFixed(6)}|${at.lat.toFixed(6)}`;
    if (check?.key === key) return;
    showMatch(null);
    const done = getOpenReportsNear(at.lon, at.lat, kind, meTooRadiusM)
      .then((found) => {
        if (check?.key === key) showMatch(found.features[0] ?? null);
      })
      .catch(() => undefined); // offline or slow: the report is simply sent (or queued) as new
    check = { key, done };
  }

  function showMatch(next: OpenReport | null): void {
    match = next;
    el.meToo.hidden = !next;
    el.submit.textContent = next ? 'Send a new report instead' : 'Submit report';
    el.submit.classList.toggle('primary', !next);
    el.submit.classList.toggle('secondary', Boolean(next));
    if (!next || !position) return;
    const p = next.properties;
    const already = rememberedReports().find((r) => r.id === Number(p.id));
    const away = formatDistanceM(distanceM(position, { lon: next.geometry.coordinates[0], lat: next.geometry.coordinates[1] }));
    const others = p.confirmations ? ` ${p.confirmations} ${p.confirmations === 1 ? 'person has' : 'people have'} said “me too”.` : '';
    el.meTooText.textContent = already
      ? `You already ${already.role === 'sent' ? 'sent' : 'confirmed'} an open report of this problem about ${away} from the pin (report ${p.id}).`
      : `This problem is already reported about ${away} from the pin (report ${p.id}, open).${others} Add yours to it instead of a new report?`;
    el.meTooButton.hidden = Boolean(already);
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

  function validate(): { kind: ReportKind; at: Position } | null {
    clearErrors();
    const kind = selectedKind();
    const problems: FieldError[] = [];
    if (!position) problems.push({ path: 'position', message: 'Tap the map or use your location to place the pin.' });
    else if (position.needsConfirm) problems.push({ path: 'position', message: 'Confirm your location, or tap the map to place the pin.' });
    if (!kind) problems.push({ path: 'kind', message: 'Choose what is wrong.' });
    if (problems.length > 0 || !position || !kind) {
      showErrors(problems, 'Report not sent.');
      return null;
    }
    return { kind, at: position };
  }

  async function submit(): Promise<void> {
    if (submitting) return;
    const valid = validate();
    if (!valid) return;
    const { kind, at } = valid;
    submitting = true;
    el.submit.disabled = true;
    el.submit.textContent = 'Sending…';
    try {
      // A check still on its way may find the same problem reported: offer "me too" rather than a duplicate.
      const wasOffered = match !== null;
      if (check) await Promise.race([check.done, new Promise((resolve) => setTimeout(resolve, meTooWaitMs))]);
      if (match && !wasOffered) {
        announce(`${el.meTooText.textContent} Choose “Me too”, or send a new report.`);
        if (el.meTooButton.hidden) el.submit.focus();
        else el.meTooButton.focus();
        return;
      }
      const note = el.note.value.trim();
      const accessPointId = el.networkField.hidden || !el.network.value ? undefined : Number(el.network.value);
      const label = kindLabel(kind);
      const outcome = await keep(outbox.add(
        {
          type: 'report',
          body: {
            kind,
            lon: round6(at.lon),
            lat: round6(at.lat),
            ...(at.accuracyM !== undefined ? { accuracyM: at.accuracyM } : {}),
            ...(note ? { note } : {}),
            ...(accessPointId !== undefined ? { accessPointId } : {}),
            clientId: newClientId(),
            observedAt: new Date().toISOString(), // when the resident was there, even if sent hours later
          },
        },
        `Report: ${label}`,
      ));
      if (!outcome) return;
      finish(outcome, at, {
        sent: `Thank you. Your report “${label}” is on the map.`,
        slow: `Thank you. Your report “${label}” is still being sent over a slow connection; it stays on this phone until it gets through.`,
        queued: `No connection right now. Your report “${label}” is saved on this phone and will be sent automatically when you are back online.`,
      }, reportsAProblem(kind));
    } finally {
      submitting = false;
      el.submit.disabled = false;
      if (open) showMatch(match); // restores the button's label
    }
  }

  async function sendMeToo(): Promise<void> {
    if (!match || submitting) return;
    const target = match;
    const label = kindLabel(target.properties.kind);
    submitting = true;
    el.meTooButton.disabled = true;
    try {
      const outcome = await keep(outbox.add(
        { type: 'confirmation', reportId: Number(target.properties.id), body: { clientId: newClientId() } },
        `“Me too”: ${label} (report ${target.properties.id})`,
      ));
      if (!outcome) return;
      const count = outcome.state === 'sent' && outcome.result.type !== 'observation' ? (outcome.result.report.properties.confirmations ?? 0) : 0;
      const confirmed = `${count} ${count === 1 ? 'person has' : 'people have'} now confirmed it`;
      const answer = outcome.state === 'sent' && outcome.result.type === 'confirmation' ? outcome.result.report.confirmation : undefined;
      finish(outcome, position, {
        sent: answer?.counted === false
          ? `Thank you. Your “me too” on report ${target.properties.id} is saved, but it does not count as another person: ${uncountedWhy(answer.reason)}. ${confirmed}.`
          : `Thank you. You said “me too” to report ${target.properties.id}: ${confirmed}.`,
        slow: `Thank you. Your “me too” is still being sent over a slow connection; it stays on this phone until it gets through.`,
        queued: `No connection right now. Your “me too” is saved on this phone and will be sent automatically when you are back online.`,
      }, reportsAProblem(target.properties.kind));
    } finally {
      submitting = false;
      el.meTooButton.disabled = false;
    }
  }

  /** The outbox's answer, or null (said in the form) when this phone could not even store the report. */
  async function keep(adding: Promise<Outcome>): Promise<Outcome | null> {
    try {
      return await adding;
    } catch (error) {
      showErrors([{ path: '', message: `This phone could not keep the report (${(error as Error).message}). Free some storage, or try again.` }], 'Report not sent.');
      return null;
    }
  }

  /** After the outbox's first attempt: done (sent or queued), or the server refused it and the form says why. */
  function finish(outcome: Outcome, at: Position | null, words: { sent: string; slow: string; queued: string }, aboutADeadZone: boolean): void {
    if (outcome.state === 'failed') {
      void outbox.remove(outcome.item.clientId); // the answers are still in the form, to correct and send again
      const error = outcome.error;
      showErrors(error.errors.length > 0 ? error.errors : [{ path: '', message: error.message }], 'Report not sent.');
      return;
    }
    const testAfter = el.testAfter.checked;
    const pin = at ? { lon: at.lon, lat: at.lat, accuracyM: at.accuracyM } : null;
    resetForm();
    closePanel(!testAfter);
    announce(outcome.state === 'sent' ? words.sent : outcome.reason === stillSending ? words.slow : words.queued);
    if (outcome.state === 'sent' && aboutADeadZone && pin && !testAfter)
      void gapProgressAt(pin).then((progress) => progress && announce(`${words.sent} ${progress}`), () => undefined); // the thank-you stands alone if this fails
    if (testAfter && pin) testConnectionAt(pin);
  }

  function kindLabel(kind: ReportKind): string {
    return kinds.find((k) => k.id === kind)?.label ?? kind;
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

  function updateCounter(): void {
    const used = el.note.value.length;
    el.noteCount.textContent = `${used} / ${noteMaxChars}`;
    el.noteCount.classList.toggle('is-near-limit', used > noteMaxChars - 50);
  }

  function resetForm(): void {
    el.form.reset();
    position = null;
    check = null;
    showMatch(null);
    el.confirm.hidden = true;
    el.downNotice.hidden = true;
    el.networkField.hidden = true;
    el.positionText.textContent = 'Tap the map where the problem is, or use your location.';
    updateCounter();
    clearErrors();
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
    downNotice: byId('down-notice'),
    kindFieldset: byId<HTMLFieldSetElement>('field-kind'),
    kindOptions: byId('kind-options'),
    networkField: byId('field-network'),
    network: byId<HTMLSelectElement>('report-network'),
    networkHint: byId('network-hint'),
    note: byId<HTMLTextAreaElement>('report-note'),
    noteCount: byId('note-count'),
    testAfter: byId<HTMLInputElement>('report-then-test'),
    meToo: byId('me-too'),
    meTooText: byId('me-too-text'),
    meTooButton: byId<HTMLButtonElement>('me-too-button'),
    submit: byId<HTMLButtonElement>('report-submit'),
    errorPosition: byId('error-position'),
    errorKind: byId('error-kind'),
    errorNote: byId('error-note'),
    errorForm: byId('error-form'),
  };
}

/** The server's reason a "me too" was kept but not counted, in words (see the API's ConfirmationResult). */
function uncountedWhy(reason: string | undefined): string {
  switch (reason) {
    case 'own-report':
      return 'this phone filed the report';
    case 'retry':
      return 'it was sent before, and did not count then';
    case 'already-confirmed':
      return 'this phone already said so';
    case 'same-cohort-as-reporter':
    case 'cohort-already-confirmed':
    case 'cohort-confirmed-recently':
      return 'another phone on the same connection already spoke for this place or another one just now';
    default:
      return 'this phone could not be recognised';
  }
}
