// "Report a problem here": place a pin (tap, location, or map centre), choose what is wrong, optionally the
// network tried and a note, submit. Two taps after the pin: the kind, then Submit (or "Me too" when the same
// problem is already reported nearby and the City still works on it). Everything goes through the outbox,
// so no connection loses nothing. Decisions live in report-state.ts, the DOM in report-form.ts.
import type { AccessPointCollection, FieldError, ReportKind } from '../api';
import { formatDistanceM } from '../map/core';
import type { LngLat, MapView } from '../map/map-view';
import { stillSending, type Outbox, type Outcome } from '../offline/outbox';
import { rememberedReports } from '../resident/device';
import { distanceM, downHotspotsAt, networkChoiceRadiusM, networkLabel, networksNear } from '../resident/nearby';
import { newClientId } from './client-id';
import { afterReportAt } from './gap-progress';
import { canLocate, locate, poorFixM } from './locate';
import { getConfirmableReportsNear } from './nearby-reports';
import { bindReportForm } from './report-form';
import { checkKey, meTooOffer, meTooRadiusM, missing, reportBody, uncountedWhy, type NearbyReport, type Position } from './report-state';
import type { ThankYou } from './thank-you';
import { reportsAProblem } from '../../server/domain/vocabulary'; // "works here" is no dead zone

const meTooWaitMs = 3_000; // Submit waits this long for the nearby check; a slow link must not block a report

export interface ReportFlowOptions {
  view: MapView;
  kinds: { id: ReportKind; label: string }[];
  announce: (message: string) => void;
  outbox: Outbox;
  accessPoints: () => AccessPointCollection | null;
  /** Whether a pin is where the City serves (false: refused before it is queued). */
  inServiceArea: (at: LngLat) => boolean;
  thankYou: ThankYou;
  /** "Test my connection after sending": opens the connection test at the report's pin. */
  testConnectionAt: (at: LngLat & { accuracyM?: number }) => void;
}

export interface ReportFlow {
  /** True while the form is open: a map click places the pin instead of opening a popup. */
  isPicking(): boolean;
  placePin(at: LngLat): void;
}

export function createReportFlow({ view, kinds, announce, outbox, accessPoints, inServiceArea, thankYou, testConnectionAt }: ReportFlowOptions): ReportFlow {
  const form = bindReportForm(kinds);
  const { el } = form;
  let position: Position | null = null;
  let open = false;
  let submitting = false;
  // The nearby check for the current pin and kind; `match` is the report offered for "me too".
  let check: { key: string; done: Promise<void> } | null = null;
  let match: NearbyReport | null = null;

  if (!canLocate()) el.useLocation.hidden = true;
  el.reportButton.addEventListener('click', openPanel);
  el.close.addEventListener('click', () => closePanel());
  el.panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closePanel();
  });
  el.useLocation.addEventListener('click', () => void useMyLocation());
  el.useCentre.addEventListener('click', () => setPosition({ ...view.center(), needsConfirm: false }, 'Pin placed at the centre of the map. Tap the map to move it.'));
  el.confirmPosition.addEventListener('click', () => {
    if (!position) return;
    position.needsConfirm = false;
    el.confirm.hidden = true;
    el.positionText.textContent = `Pin at your location (±${formatDistanceM(position.accuracyM ?? 0)}), confirmed.`;
    form.setError('position', []);
    el.kindFieldset.querySelector('input')?.focus();
  });
  el.note.addEventListener('input', () => {
    form.updateCounter();
    form.setError('note', []);
  });
  el.kindFieldset.addEventListener('change', () => {
    form.setError('kind', []);
    checkNearby();
  });
  el.meTooButton.addEventListener('click', () => void sendMeToo());
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  form.updateCounter();

  function openPanel(): void {
    open = true;
    thankYou.dismiss();
    form.setOpen(true);
    view.closePopup();
    view.setPicking(true);
    if (position) view.setPin(position); // answers survive closing the form by mistake; so does the pin
    // The legend would cover part of the map the resident needs to tap; it can be reopened.
    (document.getElementById('legend') as HTMLDetailsElement | null)?.removeAttribute('open');
    el.title.focus();
  }

  function closePanel(restoreFocus = true): void {
    open = false;
    form.setOpen(false);
    view.setPicking(false);
    view.setPin(null);
    if (restoreFocus) el.reportButton.focus();
  }

  function setPosition(next: Position, description: string): void {
    position = next;
    view.setPin(next);
    el.positionText.textContent = description;
    form.setError('position', []);
    form.setError('form', []);
    if (!inServiceArea(next)) form.setError('position', missing(next, 'no_wifi', inServiceArea).map((e) => e.message));
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

  /** Asks the server for a report of the same kind within 50 m that the City still works on. */
  function checkNearby(): void {
    const kind = form.selectedKind();
    if (!position || !kind) return showMatch(null);
    const at = position;
    const key = checkKey(kind, at);
    if (check?.key === key) return;
    showMatch(null);
    const done = getConfirmableReportsNear(at, kind, meTooRadiusM)
      .then((found) => {
        if (check?.key === key) showMatch(found.features[0] ?? null);
      })
      .catch(() => undefined); // offline or slow: the report is simply sent (or queued) as new
    check = { key, done };
  }

  function showMatch(next: NearbyReport | null): void {
    match = next;
    if (!next || !position) return form.showOffer(null);
    const already = rememberedReports().find((r) => r.id === Number(next.properties.id));
    const away = formatDistanceM(distanceM(position, { lon: next.geometry.coordinates[0], lat: next.geometry.coordinates[1] }));
    form.showOffer(meTooOffer(next, away, already));
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
      form.setError('position', [(error as Error).message]);
      announce((error as Error).message);
    } finally {
      el.useLocation.disabled = false;
      el.useLocation.textContent = 'Use my location';
    }
  }

  function refuse(errors: FieldError[]): void {
    const first = form.showErrors(errors);
    if (first) announce(`Report not sent. ${first}`);
  }

  async function submit(): Promise<void> {
    if (submitting) return;
    form.clearErrors();
    const kind = form.selectedKind();
    const problems = missing(position, kind, inServiceArea);
    if (problems.length > 0 || !position || !kind) return refuse(problems);
    const at = position;
    submitting = true;
    form.setSending(true);
    try {
      // A check still on its way may find the same problem reported: offer "me too" rather than a duplicate.
      const wasOffered = match !== null;
      if (check) await Promise.race([check.done, new Promise((resolve) => setTimeout(resolve, meTooWaitMs))]);
      if (match && !wasOffered) {
        announce(`${el.meTooText.textContent} Choose “Me too”, or send a new report.`);
        (el.meTooButton.hidden ? el.submit : el.meTooButton).focus();
        return;
      }
      const label = kindLabel(kind);
      const outcome = await keep(outbox.add({ type: 'report', body: reportBody(kind, at, el.note.value, form.networkId(), newClientId(), new Date()) }, `Report: ${label}`));
      if (!outcome) return;
      finish(outcome, at, `Your report “${label}”`, {
        sent: `It is on the map. Thank you.`,
        slow: `It is still being sent over a slow connection; it stays on this phone until it gets through.`,
        queued: `No connection right now. It is saved on this phone and will be sent automatically when you are back online.`,
      }, reportsAProblem(kind));
    } finally {
      submitting = false;
      form.setSending(false);
      if (open) showMatch(match); // restores the button's label
    }
  }

  async function sendMeToo(): Promise<void> {
    if (!match || submitting) return;
    const target = match;
    const id = target.properties.id;
    submitting = true;
    el.meTooButton.disabled = true;
    try {
      const outcome = await keep(outbox.add({ type: 'confirmation', reportId: Number(id), body: { clientId: newClientId() } }, `“Me too”: ${kindLabel(target.properties.kind)} (report ${id})`));
      if (!outcome) return;
      const count = outcome.state === 'sent' && outcome.result.type !== 'observation' ? (outcome.result.report.properties.confirmations ?? 0) : 0;
      const confirmed = `${count} ${count === 1 ? 'person has' : 'people have'} now confirmed it`;
      const answer = outcome.state === 'sent' && outcome.result.type === 'confirmation' ? outcome.result.report.confirmation : undefined;
      finish(outcome, position, `Your “me too” on report ${id}`, {
        sent: answer?.counted === false
          ? `It is saved, but it does not count as another person: ${uncountedWhy(answer.reason)}. ${confirmed}.`
          : `You said “me too” to report ${id}: ${confirmed}. Thank you.`,
        slow: `It is still being sent over a slow connection; it stays on this phone until it gets through.`,
        queued: `No connection right now. It is saved on this phone and will be sent automatically when you are back online.`,
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
      refuse([{ path: '', message: `This phone could not keep the report (${(error as Error).message}). Free some storage, or try again.` }]);
      return null;
    }
  }

  /** After the outbox's first attempt: done (sent or queued) in a thank-you that stays, or refused and the form says why. */
  function finish(outcome: Outcome, at: Position | null, what: string, words: { sent: string; slow: string; queued: string }, aboutADeadZone: boolean): void {
    if (outcome.state === 'failed') {
      void outbox.remove(outcome.item.clientId); // the answers are still in the form, to correct and send again
      const error = outcome.error;
      return refuse(error.errors.length > 0 ? error.errors : [{ path: '', message: error.message }]);
    }
    const testAfter = el.testAfter.checked;
    const pin = at ? { lon: at.lon, lat: at.lat, accuracyM: at.accuracyM } : null;
    position = null;
    check = null;
    match = null;
    form.reset();
    form.showOffer(null);
    closePanel(!testAfter);
    const sent = outcome.state === 'sent';
    const text = sent ? words.sent : outcome.reason === stillSending ? words.slow : words.queued;
    const title = sent ? `${what} is sent` : `${what} is saved`;
    announce(`${title}. ${text}`);
    if (!testAfter) thankYou.show(title, text, sent ? 'done' : 'waiting');
    if (sent && pin && !testAfter)
      void afterReportAt(pin, aboutADeadZone).then((progress) => progress && (thankYou.add(title, progress), announce(progress)), () => undefined); // the thank-you stands alone if this fails
    if (testAfter && pin) testConnectionAt(pin);
  }

  function kindLabel(kind: ReportKind): string {
    return kinds.find((k) => k.id === kind)?.label ?? kind;
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
