// Building the workspace's DOM: text always goes in as text nodes, so API data can never become markup.

type Attr = string | number | boolean | null | undefined;
export type Child = Node | string | number | null | undefined | false;

/** h('button', { class: 'x', type: 'button' }, 'Save'): false/null/undefined attributes are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const svgNs = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(svgNs, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Record<string, Attr>): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'number' ? String(child) : child);
  }
}

let counter = 0;
/** A document-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A <label> + control + error line; the error is wired to the control with aria-describedby. */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): { row: HTMLElement; error: HTMLElement } {
  control.id ||= uid('f');
  const error = h('p', { class: 'field-error', id: `${control.id}-error` });
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  control.setAttribute('aria-describedby', [hintEl?.id, error.id].filter(Boolean).join(' '));
  const labelEl = h('label', { for: control.id, class: 'field-label' }, label);
  const row = control instanceof HTMLInputElement && control.type === 'checkbox'
    ? h('div', { class: 'pl-field pl-check' }, control, labelEl, hintEl, error)
    : h('div', { class: 'pl-field' }, labelEl, hintEl, control, error);
  return { row, error };
}

export function showError(error: HTMLElement, control: Element | null, message: string): void {
  error.textContent = message;
  if (control) {
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
}

/** A label above a control that already has an id (filters, small forms). */
export function labelled(label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'pl-field' }, h('label', { for: control.id, class: 'field-label' }, label), control);
}

/** Options for a <select>: [value, label] pairs. */
export function options(pairs: [string, string][], selected?: string): HTMLOptionElement[] {
  return pairs.map(([value, label]) => {
    const o = h('option', { value }, label);
    o.selected = value === selected;
    return o;
  });
}

/** replaceChildren that, like h(), skips null/false children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}
