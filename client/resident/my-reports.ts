// "My reports": what this device sent (still on the phone, or sent) and what the City has done since —
// status, the City's public notes, and "Still not working" for a report the City marked resolved.
import { getReportHistory, getReportsByIds, type PublicReportProps, type ReportHistoryEntry } from '../api';
import { reportKindLabel } from '../map/core';
import type { Outbox, OutboxItem } from '../offline/outbox';
import { newClientId } from '../report/client-id';
import { button, el, type Panel } from '../ui/panel';
import { rememberedReports, type RememberedReport } from './device';
import type { Feature, Point } from 'geojson';

const historyFetches = 20; // reports whose City notes are fetched each time the list opens: one request each

export const statusWords: Record<string, [label: string, meaning: string]> = {
  open: ['Open', 'waiting for the City to look at it'],
  acknowledged: ['Acknowledged', 'the City has seen it'],
  planned: ['Planned', 'the City plans a fix'],
  resolved: ['Resolved', 'the City says it is fixed'],
  duplicate: ['Merged', 'the same problem as another report'],
  hidden: ['Hidden', 'no longer shown publicly'],
};

const dateFormat = new Intl.DateTimeFormat('en-CA', { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat('en-CA', { dateStyle: 'medium', timeStyle: 'short' });
const day = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : dateFormat.format(new Date(iso)));
const moment = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : timeFormat.format(new Date(iso)));

export function deliveryWords(item: OutboxItem & { sending: boolean }): { chip: string; detail: string; tone: string } {
  if (item.sending) return { chip: 'Sending', detail: 'sending now…', tone: 'sending' };
  if (item.state === 'sent') return { chip: 'Sent', detail: `sent ${moment(item.sentAt ?? item.queuedAt)}`, tone: 'sent' };
  if (item.state === 'failed') return { chip: 'Failed', detail: `failed: ${item.error ?? 'refused by the server'}`, tone: 'failed' };
  return { chip: 'Queued', detail: 'queued on this phone; it will be sent when the connection returns', tone: 'queued' };
}

export function createMyReports(panel: Panel, { outbox, announce }: { outbox: Outbox; announce: (message: string) => void }) {
  const deliveries = el('ul', { className: 'item-list delivery-list' });
  const deliverySection = el('section', { className: 'panel-section' }, el('h3', { className: 'section-title', textContent: 'On this phone' }), deliveries);
  const reports = el('ul', { className: 'item-list report-list' });
  const reportsState = el('p', { className: 'hint' });
  const refresh = button('Refresh', () => void render());
  panel.body.append(
    el('p', { className: 'hint', textContent: 'Reports sent from this phone, and the ones you said “me too” to. No account: this phone remembers them.' }),
    deliverySection,
    el('section', { className: 'panel-section' }, el('div', { className: 'section-head' }, el('h3', { className: 'section-title', textContent: 'What the City has done' }), refresh), reportsState, reports),
  );

  let rendering: Promise<void> | null = null;
  panel.onOpen(() => void render());
  outbox.subscribe(() => {
    if (panel.isOpen) void renderDeliveries();
  });
  window.addEventListener('wifi-reach:my-reports', () => {
    if (panel.isOpen) void render();
  });

  async function renderDeliveries(): Promise<void> {
    const items = (await outbox.items()).slice(0, 10);
    deliverySection.hidden = items.length === 0;
    deliveries.replaceChildren(
      ...items.map((item) => {
        const words = deliveryWords(item);
        const li = el(
          'li',
          { className: `delivery delivery-${words.tone}` },
          el('span', { className: `chip chip-${words.tone}`, textContent: words.chip }),
          el('span', { className: 'item-title', textContent: item.label }),
          el('span', { className: 'item-detail', textContent: `${moment(item.queuedAt)}: ${words.detail}` }),
        );
        if (item.state === 'failed') li.append(button('Remove', () => void outbox.remove(item.clientId)));
        return li;
      }),
    );
  }

  function render(): Promise<void> {
    rendering ??= (async () => {
      try {
        await Promise.all([renderDeliveries(), renderReports()]);
      } finally {
        rendering = null;
      }
    })();
    return rendering;
  }

  async function renderReports(): Promise<void> {
    const remembered = rememberedReports();
    if (remembered.length === 0) {
      const waiting = (await outbox.items()).some((i) => i.state === 'queued');
      reportsState.textContent = waiting
        ? 'Your reports show here, with the City’s answers, once they have been sent.'
        : 'Nothing sent from this phone yet. Reports you send, or say “me too” to, will show here.';
      reports.replaceChildren();
      return;
    }
    reportsState.textContent = 'Loading…';
    let found: Feature<Point, PublicReportProps>[];
    try {
      found = (await getReportsByIds(remembered.map((r) => r.id))).features;
    } catch (error) {
      reportsState.textContent = `Could not load the City’s answers: ${(error as Error).message}`;
      return;
    }
    const byId = new Map(found.map((f) => [Number(f.properties.id), f.properties]));
    const histories = new Map<number, ReportHistoryEntry[]>();
    await Promise.all(
      remembered.slice(0, historyFetches).map(async (r) => {
        if (!byId.has(r.id)) return;
        try {
          histories.set(r.id, await getReportHistory(r.id));
        } catch {
          // the status alone is still worth showing
        }
      }),
    );
    reportsState.textContent = '';
    reports.replaceChildren(...remembered.map((r) => reportCard(r, byId.get(r.id), histories.get(r.id))));
  }

  function reportCard(remembered: RememberedReport, report: PublicReportProps | undefined, history: ReportHistoryEntry[] | undefined): HTMLElement {
    const li = el('li', { className: 'report-card' });
    if (!report) {
      li.append(
        el('span', { className: 'item-title', textContent: `Report ${remembered.id}` }),
        el('span', { className: 'item-detail', textContent: 'No longer shown publicly (hidden by City staff, or removed).' }),
      );
      return li;
    }
    const [label, meaning] = statusWords[report.status] ?? [report.status, ''];
    const confirmations = report.confirmations ?? 0;
    const who = remembered.role === 'sent' ? `Sent ${day(remembered.at)}` : `You said “me too” on ${day(remembered.at)}`;
    const others = confirmations > 0 ? ` · ${confirmations} ${confirmations === 1 ? 'person' : 'people'} said “me too”` : '';
    li.append(
      el('span', { className: 'item-title', textContent: reportKindLabel(report.kind) }),
      el('span', { className: 'status-line' }, el('span', { className: `chip chip-status chip-${report.status}`, textContent: label }), ` ${meaning}${report.status === 'duplicate' && report.mergedInto ? ` (report ${report.mergedInto})` : ''}`),
      el('span', { className: 'item-detail', textContent: `${who} · report ${report.id}${others}` }),
    );
    const notes = (history ?? []).filter((h) => h.publicNote);
    if (notes.length > 0) {
      const list = el('ul', { className: 'city-notes' });
      for (const h of notes) list.append(el('li', {}, el('span', { className: 'note-when', textContent: `${day(h.at)}, ${(statusWords[h.status]?.[0] ?? h.status).toLowerCase()}: ` }), `“${h.publicNote}”`));
      li.append(el('p', { className: 'city-notes-title', textContent: 'From the City' }), list);
    }
    if (report.status === 'resolved') {
      const reopen = button('Still not working', () => void stillNotWorking(Number(report.id), reopen));
      reopen.setAttribute('aria-label', `Still not working: reopen report ${report.id}, ${reportKindLabel(report.kind)}`);
      li.append(reopen);
    }
    return li;
  }

  /** Through the outbox like a report: in a dead zone it waits on the phone and is sent when the connection returns. */
  async function stillNotWorking(id: number, control: HTMLButtonElement): Promise<void> {
    control.disabled = true;
    const outcome = await outbox.add({ type: 'reopen', reportId: id, body: { clientId: newClientId() } }, `“Still not working”: report ${id}`);
    if (outcome.state === 'sent') {
      announce(`Report ${id} is open again. The City will see that it is still not working.`);
      await render();
    } else if (outcome.state === 'queued') {
      announce(`No connection right now. “Still not working” for report ${id} is saved on this phone and will be sent when you are back online.`);
    } else {
      control.disabled = false;
      announce(`Could not reopen report ${id}: ${outcome.error.message}`);
    }
  }

  return { render };
}
