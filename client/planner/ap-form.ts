// The access-point form (add and edit): every registry field, the server's errors shown at their fields.
import { defaultEnvironment, type AccessPointFields, type ApEnvironment, type FieldError, type RegistryEntryProps } from '../api';
import { accessPointStatuses, accessPointStatusLabels, environmentLabels, placeKindLabel } from '../map/core';
import { field, h, options, showError, uid } from './dom';
import { coordinate } from './format';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
type Key = keyof AccessPointFields;

const venues = ['library', 'community_centre', 'city_facility', 'park', 'transit', 'school'];
const operators = ['City of Kitchener', 'Kitchener Public Library'];
const confidences: [AccessPointFields['confidence'], string][] = [
  ['documented', 'Documented (a source says so)'],
  ['probable', 'Probable'],
  ['measured', 'Measured on site'],
  ['unverified', 'Unverified'],
];

export interface AccessPointForm {
  element: HTMLFormElement;
  /** Fills the form: an existing entry to edit, or defaults at a position for a new one. */
  fill(values: Partial<AccessPointFields>): void;
  setPosition(lon: number, lat: number): void;
  /** The fields as the API expects them; blank optional text becomes null. */
  values(): AccessPointFields;
  showErrors(errors: FieldError[], formMessage: string): void;
  clearErrors(): void;
  setBusy(busy: boolean): void;
}

export const newAccessPointDefaults: Partial<AccessPointFields> = {
  bssids: [],
  environment: defaultEnvironment,
  status: 'active',
  eirpDbm: 20,
  band: '2.4',
  rangeOverrideM: null,
  confidence: 'unverified',
  operator: 'City of Kitchener',
};

export function fieldsOf(p: RegistryEntryProps, [lon, lat]: number[]): AccessPointFields {
  return {
    name: p.name, ssid: p.ssid, bssids: p.bssids ?? [], venue: p.venue, operator: p.operator, address: p.address,
    environment: p.environment ?? (p.indoor ? 'indoor' : 'outdoor_urban'), // an entry cached before environment existed
    status: p.status,
    lon, lat, eirpDbm: p.eirpDbm, band: p.band, rangeOverrideM: p.rangeOverrideM, confidence: p.confidence, source: p.source,
  };
}

export function createAccessPointForm(options_: { submitLabel: string; onSubmit: () => void; onCancel: () => void; onPositionTyped: (lon: number, lat: number) => void; onUseCentre: () => void }): AccessPointForm {
  const listId = uid('venues');
  const operatorListId = uid('operators');
  const controls: Record<Key, Control> = {
    name: h('input', { type: 'text', required: true, maxlength: 200, autocomplete: 'off' }),
    ssid: h('input', { type: 'text', maxlength: 32, autocomplete: 'off', spellcheck: 'false' }),
    bssids: h('textarea', { rows: 2, autocomplete: 'off', spellcheck: 'false' }),
    venue: h('input', { type: 'text', list: listId, maxlength: 200, autocomplete: 'off' }),
    operator: h('input', { type: 'text', list: operatorListId, maxlength: 200, autocomplete: 'off' }),
    address: h('input', { type: 'text', maxlength: 200, autocomplete: 'off' }),
    environment: h('select', {}, ...options(Object.entries(environmentLabels) as [ApEnvironment, string][])),
    status: h('select', {}, ...options(accessPointStatuses.map((s) => [s, accessPointStatusLabels[s]]))),
    eirpDbm: h('input', { type: 'number', min: 0, max: 36, step: 'any', inputmode: 'decimal' }),
    band: h('select', {}, ...options([['2.4', '2.4 GHz'], ['5', '5 GHz']])),
    rangeOverrideM: h('input', { type: 'number', min: 1, max: 2000, step: 1, inputmode: 'numeric' }),
    confidence: h('select', {}, ...options(confidences)),
    source: h('textarea', { rows: 2, maxlength: 500 }),
    lon: h('input', { type: 'number', step: 'any', inputmode: 'decimal', required: true }),
    lat: h('input', { type: 'number', step: 'any', inputmode: 'decimal', required: true }),
  };
  const labels: Record<Key, [string, string?]> = {
    name: ['Name'],
    ssid: ['Network name (SSID)', 'Leave blank if no source names it.'],
    bssids: ['Radios (BSSIDs)', 'One per line, e.g. 00:11:22:33:44:55. Readings that name one of these are this access point’s.'],
    venue: ['Venue'],
    operator: ['Operator'],
    address: ['Address'],
    environment: ['Where is it?', 'Indoors, a wall weakens the signal outside; open ground carries it farthest.'],
    status: ['Status'],
    eirpDbm: ['Transmit power (EIRP, dBm)', '0–36 dBm; 20 is typical.'],
    band: ['Band'],
    rangeOverrideM: ['Range override (m)', 'Blank: the coverage model estimates the reach.'],
    confidence: ['Confidence'],
    source: ['Source (evidence)'],
    lon: ['Longitude'],
    lat: ['Latitude'],
  };
  const errors = {} as Record<Key, HTMLElement>;
  const rows = {} as Record<Key, HTMLElement>;
  for (const key of Object.keys(controls) as Key[]) {
    const [label, hint] = labels[key];
    const { row, error } = field(label, controls[key], hint);
    controls[key].name = key;
    errors[key] = error;
    rows[key] = row;
  }
  const formError = h('p', { class: 'field-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'pl-button pl-primary' }, options_.submitLabel);
  const cancel = h('button', { type: 'button', class: 'pl-button' }, 'Cancel');
  const useCentre = h('button', { type: 'button', class: 'pl-button pl-quiet' }, 'Use the map centre');

  const element = h(
    'form',
    { class: 'pl-form', novalidate: true },
    rows.name,
    h('div', { class: 'pl-grid' }, rows.ssid, rows.status),
    rows.bssids,
    h('div', { class: 'pl-grid' }, rows.venue, rows.operator),
    rows.address,
    rows.environment,
    h(
      'fieldset',
      { class: 'pl-fieldset' },
      h('legend', {}, 'Position'),
      h('p', { class: 'hint' }, 'Click the map, drag the marker, or type the coordinates.'),
      h('div', { class: 'pl-grid' }, rows.lon, rows.lat),
      useCentre,
    ),
    h('div', { class: 'pl-grid' }, rows.eirpDbm, rows.band),
    h('div', { class: 'pl-grid' }, rows.rangeOverrideM, rows.confidence),
    rows.source,
    h('datalist', { id: listId }, ...venues.map((v) => h('option', { value: v }, placeKindLabel(v)))),
    h('datalist', { id: operatorListId }, ...operators.map((v) => h('option', { value: v }))),
    formError,
    h('div', { class: 'pl-actions' }, submit, cancel),
  );
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    options_.onSubmit();
  });
  cancel.addEventListener('click', options_.onCancel);
  useCentre.addEventListener('click', options_.onUseCentre);
  for (const key of ['lon', 'lat'] as const)
    controls[key].addEventListener('change', () => {
      const lon = Number((controls.lon as HTMLInputElement).value);
      const lat = Number((controls.lat as HTMLInputElement).value);
      if (controls.lon.value !== '' && controls.lat.value !== '' && Number.isFinite(lon) && Number.isFinite(lat)) options_.onPositionTyped(lon, lat);
    });
  for (const key of Object.keys(controls) as Key[])
    controls[key].addEventListener('input', () => {
      showError(errors[key], controls[key], '');
      if (!element.querySelector('[aria-invalid="true"]')) formError.textContent = '';
    });

  const text = (key: Key) => controls[key].value.trim();
  const orNull = (key: Key) => text(key) || null;
  const number = (key: Key) => (text(key) === '' ? NaN : Number(text(key)));

  return {
    element,
    fill(values) {
      for (const key of Object.keys(controls) as Key[]) {
        const value = values[key];
        const control = controls[key];
        if (key === 'lon' || key === 'lat') control.value = typeof value === 'number' ? coordinate(value) : '';
        else if (key === 'bssids') control.value = Array.isArray(value) ? value.join('\n') : '';
        else control.value = value === null || value === undefined ? '' : String(value);
      }
    },
    setPosition(lon, lat) {
      controls.lon.value = coordinate(lon);
      controls.lat.value = coordinate(lat);
      showError(errors.lon, controls.lon, '');
      showError(errors.lat, controls.lat, '');
    },
    values() {
      return {
        name: text('name'),
        ssid: orNull('ssid'),
        bssids: text('bssids').split(/[\s,;]+/).filter(Boolean), // one per line, or pasted as a list
        venue: orNull('venue'),
        operator: orNull('operator'),
        address: orNull('address'),
        environment: controls.environment.value as ApEnvironment,
        status: controls.status.value as AccessPointFields['status'],
        lon: number('lon'),
        lat: number('lat'),
        eirpDbm: number('eirpDbm'),
        band: controls.band.value as AccessPointFields['band'],
        rangeOverrideM: text('rangeOverrideM') === '' ? null : number('rangeOverrideM'),
        confidence: controls.confidence.value as AccessPointFields['confidence'],
        source: orNull('source'),
      };
    },
    showErrors(list, formMessage) {
      this.clearErrors();
      const unplaced: string[] = [];
      let first: Control | null = null;
      for (const e of list) {
        const [key, index] = e.path.split('.') as [Key, string?];
        if (key in controls) {
          const message = key === 'bssids' && index !== undefined ? `line ${Number(index) + 1}: ${e.message}` : e.message; // which of the listed radios
          showError(errors[key], controls[key], [errors[key].textContent, message].filter(Boolean).join('; '));
          first ??= controls[key];
        } else unplaced.push(e.path ? `${e.path}: ${e.message}` : e.message);
      }
      formError.textContent = unplaced.length ? unplaced.join('; ') : list.length ? 'Please correct the fields marked above.' : formMessage;
      first?.focus();
    },
    clearErrors() {
      for (const key of Object.keys(controls) as Key[]) showError(errors[key], controls[key], '');
      formError.textContent = '';
    },
    setBusy(busy) {
      submit.disabled = busy;
    },
  };
}

/** The lon/lat of a values() result, or null when either is not a number yet. */
export function positionOf(values: AccessPointFields): { lon: number; lat: number } | null {
  return Number.isFinite(values.lon) && Number.isFinite(values.lat) ? { lon: values.lon, lat: values.lat } : null;
}

/** JSON cannot carry NaN: leave an unreadable number out so the server names the missing field. */
export function forRequest<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => !(typeof v === 'number' && Number.isNaN(v)))) as T;
}
