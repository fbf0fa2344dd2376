// A panel beside the map (below it on a phone), like the report form: one open at a time, focus moved to
// its heading on open and back to whatever opened it on close, Escape closes. Not modal: the map stays usable.

export interface Panel {
  readonly id: string;
  readonly body: HTMLElement;
  readonly isOpen: boolean;
  open(opener?: HTMLElement | null): void;
  close(options?: { restoreFocus?: boolean }): void;
  /** Called each time the panel opens, before focus moves into it. */
  onOpen(handler: () => void): void;
  onClose(handler: () => void): void;
}

const panels: Panel[] = [];

/** Closes every panel (and the report form) except `keep`. */
export function closeOtherPanels(keep?: Panel): void {
  for (const p of panels) if (p !== keep && p.isOpen) p.close({ restoreFocus: false });
  const reportPanel = document.getElementById('report-panel');
  if (keep && reportPanel && !reportPanel.hidden) document.getElementById('report-close')?.click();
}

export function createPanel({ id, title, host }: { id: string; title: string; host: HTMLElement }): Panel {
  const section = document.createElement('section');
  section.id = id;
  section.className = 'report-panel side-panel';
  section.setAttribute('aria-labelledby', `${id}-title`);
  section.hidden = true;

  const header = document.createElement('div');
  header.className = 'report-header';
  const heading = document.createElement('h2');
  heading.id = `${id}-title`;
  heading.tabIndex = -1;
  heading.textContent = title;
  const closeButton = document.createElement('button');
  closeButton.type = 'button';
  closeButton.className = 'close-button';
  closeButton.setAttribute('aria-label', `Close ${title.toLowerCase()}`);
  closeButton.textContent = '×';
  header.append(heading, closeButton);

  const body = document.createElement('div');
  body.className = 'side-panel-body';
  section.append(header, body);
  host.append(section);

  let opener: HTMLElement | null = null;
  const openHandlers: (() => void)[] = [];
  const closeHandlers: (() => void)[] = [];

  const panel: Panel = {
    id,
    body,
    get isOpen() {
      return !section.hidden;
    },
    open(from) {
      closeOtherPanels(panel);
      opener = from ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
      section.hidden = false;
      document.body.classList.add('has-panel');
      syncOpeners(id, true);
      for (const handler of openHandlers) handler();
      heading.focus();
    },
    close({ restoreFocus = true } = {}) {
      if (section.hidden) return;
      section.hidden = true;
      if (!panels.some((p) => p.isOpen)) document.body.classList.remove('has-panel');
      syncOpeners(id, false);
      for (const handler of closeHandlers) handler();
      if (restoreFocus && opener?.isConnected) opener.focus();
    },
    onOpen: (handler) => void openHandlers.push(handler),
    onClose: (handler) => void closeHandlers.push(handler),
  };
  closeButton.addEventListener('click', () => panel.close());
  section.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      panel.close();
    }
  });
  panels.push(panel);
  return panel;
}

/** Buttons that open a panel say whether it is open (aria-expanded), wherever they are. */
function syncOpeners(id: string, open: boolean): void {
  for (const button of document.querySelectorAll<HTMLElement>(`[aria-controls="${id}"]`)) button.setAttribute('aria-expanded', String(open));
}

/** A button that toggles a panel. */
export function panelButton(panel: Panel, label: string, className = 'nav-button'): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = className;
  button.textContent = label;
  button.setAttribute('aria-controls', panel.id);
  button.setAttribute('aria-expanded', 'false');
  button.addEventListener('click', () => (panel.isOpen ? panel.close() : panel.open(button)));
  return button;
}

// ---- small DOM helpers: text only, so API text can never become markup ----

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

export function button(label: string, onClick: (event: MouseEvent) => void, className = 'secondary'): HTMLButtonElement {
  const b = el('button', { type: 'button', className, textContent: label });
  b.addEventListener('click', onClick);
  return b;
}
