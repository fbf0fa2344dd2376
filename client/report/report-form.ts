// The report form's DOM (index.html #report-panel): reads what the resident chose and draws what the state
// says (errors on their fields, the "me too" offer in the sticky action bar). No decisions are made here.
import type { FieldError, ReportKind } from '../api';
import { reportColours } from '../map/core';
import { errorsByField, fields, noteMaxChars, type Field, type MeTooOffer } from './report-state';

export type ReportForm = ReturnType<typeof bindReportForm>;

export function bindReportForm(kinds: { id: ReportKind; label: string }[]) {
  const el = elements();
  renderKindOptions(el.kindOptions, kinds);

  function setError(field: Field, messages: string[]): void {
    const target = errorElement(field);
    target.textContent = messages.join(' ');
    target.classList.toggle('is-visible', messages.length > 0);
    // aria-invalid belongs on a form control; the position and kind groups point at their errors via aria-describedby.
    if (field === 'note') el.note.setAttribute('aria-invalid', String(messages.length > 0));
  }

  function errorElement(field: Field): HTMLElement {
    return { position: el.errorPosition, kind: el.errorKind, note: el.errorNote, form: el.errorForm }[field];
  }

  function focusField(field: Field): void {
    if (field === 'kind') (el.kindFieldset.querySelector<HTMLInputElement>('input:checked') ?? el.kindFieldset.querySelector('input'))?.focus();
    else if (field === 'note') el.note.focus();
    else errorElement(field).focus();
  }

  function updateCounter(): void {
    const used = el.note.value.length;
    el.noteCount.textContent = `${used} / ${noteMaxChars}`;
    el.noteCount.classList.toggle('is-near-limit', used > noteMaxChars - 50);
  }

  return {
    el,
    setError,
    clearErrors: () => fields.forEach((f) => setError(f, [])),
    /** Shows every error on its field, focuses the first; returns its message (for the live region). */
    showErrors(errors: FieldError[]): string | null {
      const byField = errorsByField(errors);
      for (const [field, messages] of byField) setError(field, messages);
      const [first] = byField.keys();
      if (!first) return null;
      focusField(first);
      return byField.get(first)![0];
    },
    selectedKind(): ReportKind | null {
      const checked = el.kindFieldset.querySelector<HTMLInputElement>('input[name="kind"]:checked');
      return (checked?.value as ReportKind | undefined) ?? null;
    },
    networkId: (): number | undefined => (el.networkField.hidden || !el.network.value ? undefined : Number(el.network.value)),
    updateCounter,
    /** The offer beside Submit, or none: Submit then reads "Submit report" again. */
    showOffer(offer: MeTooOffer | null): void {
      el.meToo.hidden = !offer;
      el.meTooText.textContent = offer?.text ?? '';
      el.meTooButton.hidden = !offer?.canConfirm;
      el.submit.textContent = offer ? 'New report' : 'Submit report';
      el.submit.setAttribute('aria-label', offer ? 'Send a new report instead' : 'Submit report');
      el.submit.classList.toggle('primary', !offer?.canConfirm);
      el.submit.classList.toggle('secondary', Boolean(offer?.canConfirm));
    },
    setSending(sending: boolean): void {
      el.submit.disabled = sending;
      if (sending) el.submit.textContent = 'Sending…';
    },
    setOpen(open: boolean): void {
      document.body.classList.toggle('is-reporting', open);
      el.panel.hidden = !open;
      el.reportButton.hidden = open;
      el.reportButton.setAttribute('aria-expanded', String(open));
    },
    reset(): void {
      el.form.reset();
      el.confirm.hidden = true;
      el.downNotice.hidden = true;
      el.networkField.hidden = true;
      el.positionText.textContent = 'Tap the map where the problem is, or use your location.';
      updateCounter();
      fields.forEach((f) => setError(f, []));
    },
  };
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
