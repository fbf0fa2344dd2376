// The header's small sign of what waits on this phone: "Offline", "2 waiting to send", "1 refused". It opens "My reports".
import type { Outbox } from './outbox';
import { isOffline, onReachabilityChange } from './reachability';

export function createQueueIndicator(outbox: Outbox, onActivate: (control: HTMLButtonElement) => void): HTMLButtonElement {
  const control = document.createElement('button');
  control.type = 'button';
  control.className = 'queue-indicator';
  control.hidden = true;
  control.addEventListener('click', () => onActivate(control));

  async function update(): Promise<void> {
    const items = await outbox.items();
    const waiting = items.filter((i) => i.state === 'queued' || i.sending).length;
    const refused = items.filter((i) => i.state === 'failed' && !i.sending).length; // until removed in "My reports"
    const offline = isOffline();
    const parts = [offline ? 'Offline' : null, waiting > 0 ? `${waiting} waiting to send` : null, refused > 0 ? `${refused} refused` : null].filter(Boolean);
    control.hidden = parts.length === 0;
    control.textContent = parts.join(' · ');
    control.classList.toggle('is-offline', offline);
    control.classList.toggle('has-refused', refused > 0);
    control.dataset.waiting = String(waiting);
    control.dataset.refused = String(refused);
    control.setAttribute('aria-label', `${parts.join(', ')}. Show my reports.`);
  }

  outbox.subscribe(() => void update());
  window.addEventListener('online', () => void update());
  window.addEventListener('offline', () => void update());
  onReachabilityChange(() => void update());
  void update();
  return control;
}
