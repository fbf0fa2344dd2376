// Reports, "me too"s, "still not working"s and connection tests wait here until the server has them. Each carries a clientId
// made on this device, so a retry after a lost response returns the first result instead of a new row.
// Sent on: adding (at once), page load, the browser's online event, the server coming back in reach, and a retry timer with backoff.
// Each send carries the install's device credential (api.ts): a phone without one asks for it first, so
// items queued offline wait for it like for the connection, and a refused one is replaced once.
import {
  ApiError,
  confirmReport,
  createObservation,
  createReport,
  reopenReport,
  type ConfirmationResult,
  type DeviceAction,
  type NewObservation,
  type NewReport,
  type PublicReportProps,
} from '../api';
import type { Feature, Point } from 'geojson';
import { openStore } from './idb';
import { isOffline, onReachabilityChange } from './reachability';

export type OutboxAction =
  | { type: 'report'; body: NewReport & { clientId: string } }
  | { type: 'confirmation'; reportId: number; body: DeviceAction & { clientId: string } }
  | { type: 'reopen'; reportId: number; body: DeviceAction & { clientId: string } } // the server treats a repeat as done
  | { type: 'observation'; body: NewObservation & { clientId: string } };

export interface OutboxItem {
  clientId: string; // the key here and on the server
  action: OutboxAction;
  label: string; // what the resident sees, e.g. "Report: No free Wi-Fi here"
  queuedAt: string;
  state: 'queued' | 'sent' | 'failed'; // "sending" is only ever in memory: a closed page must not leave an item stuck
  attempts: number;
  nextAttemptAt: number; // ms since the epoch
  error?: string; // why the server refused it (a 4xx, not retried)
  resultId?: number; // the report's or observation's id once sent
  sentAt?: string;
}

export type SendResult =
  | { type: 'report' | 'reopen'; report: Feature<Point, PublicReportProps> }
  | { type: 'confirmation'; report: Feature<Point, PublicReportProps> & { confirmation?: ConfirmationResult } }
  | { type: 'observation'; id: number };

export type Outcome =
  | { state: 'sent'; item: OutboxItem; result: SendResult }
  | { state: 'queued'; item: OutboxItem; reason: string }
  | { state: 'failed'; item: OutboxItem; error: ApiError };

export interface OutboxOptions {
  /** After every send. `background`: not answered by add() itself (retried later, or add() stopped waiting). */
  onSent?: (item: OutboxItem, result: SendResult, context: { background: boolean }) => void;
  /** The server refused an item that add() had already answered for (it waited in the queue): the resident must hear why. */
  onRefused?: (item: OutboxItem) => void;
}

export interface Outbox {
  /** Stores the action, then sends it at once; resolves with that attempt's outcome, or "queued" after waitMs. */
  add(action: OutboxAction, label: string, options?: { waitMs?: number }): Promise<Outcome>;
  items(): Promise<(OutboxItem & { sending: boolean })[]>;
  /** Sends every queued item whose retry time has come (all of them with `now`). */
  flush(options?: { now?: boolean }): Promise<void>;
  remove(clientId: string): Promise<void>;
  subscribe(listener: () => void): () => void;
}

export const retry = {
  firstDelayMs: 5_000, // a blip in a dead zone often passes within seconds
  maxDelayMs: 5 * 60_000, // never wait longer than 5 min while the page is open
  jitter: 0.2, // ±20 %: many phones back online at once do not all retry in the same second
};
const sendTimeoutMs = 30_000; // a request hanging this long on a weak signal is abandoned and retried
const keepDoneMs = 14 * 24 * 3600_000; // sent and failed items stay visible for two weeks
export const stillSending = 'still sending'; // the reason add() gives when its first attempt outlasts waitMs
const lockName = 'wifi-reach-outbox'; // one tab sends at a time; the server would drop a duplicate anyway

/** 408, 425, 429 and 5xx pass; any other 4xx is this request's own fault and will not change on retry. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true; // a dropped connection mid-body, an abort on timeout
  return error.status === 0 || error.status === 408 || error.status === 425 || error.status === 429 || error.status >= 500;
}

export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (1 - retry.jitter + 2 * retry.jitter * random()));
}

export function createOutbox({ onSent, onRefused }: OutboxOptions = {}): Outbox {
  const store = openStore<OutboxItem>('outbox', 'clientId');
  const sending = new Set<string>();
  const listeners = new Set<() => void>();
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(lockName) : null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let flushing: Promise<void> | null = null;

  const changed = (broadcast = true) => {
    for (const listener of listeners) listener();
    if (broadcast) channel?.postMessage('changed');
  };
  if (channel) channel.onmessage = () => changed(false); // another tab queued or sent something

  async function attempt(item: OutboxItem, answer?: { given: boolean }): Promise<Outcome> {
    sending.add(item.clientId);
    changed(false);
    try {
      const result = await send(item.action);
      const done: OutboxItem = { ...item, state: 'sent', attempts: item.attempts + 1, sentAt: new Date().toISOString(), resultId: resultIdOf(result), error: undefined };
      await store.put(done);
      onSent?.(done, result, { background: !answer || answer.given });
      return { state: 'sent', item: done, result };
    } catch (error) {
      if (isRetryable(error)) {
        const attempts = item.attempts + 1;
        const queued: OutboxItem = { ...item, state: 'queued', attempts, nextAttemptAt: Date.now() + retryDelayMs(attempts) };
        await store.put(queued);
        return { state: 'queued', item: queued, reason: error instanceof Error ? error.message : String(error) };
      }
      const apiError = error as ApiError;
      const failed: OutboxItem = { ...item, state: 'failed', attempts: item.attempts + 1, error: describe(apiError) };
      await store.put(failed);
      if (!answer || answer.given) onRefused?.(failed);
      return { state: 'failed', item: failed, error: apiError };
    } finally {
      sending.delete(item.clientId);
      changed();
      schedule();
    }
  }

  async function flushNow(all: boolean): Promise<void> {
    const due = (await store.all())
      .filter((i) => i.state === 'queued' && !sending.has(i.clientId) && (all || i.nextAttemptAt <= Date.now()))
      .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt)); // a report before the "me too" that followed it
    for (const item of due) {
      const outcome = await attempt(item);
      if (outcome.state === 'queued') break; // no connection: the rest would fail too, and keep their own retry times
    }
  }

  function flush({ now = false } = {}): Promise<void> {
    if (flushing) return flushing;
    const run = () => flushNow(now);
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    flushing = (locks ? locks.request(lockName, run) : run()).finally(() => {
      flushing = null;
      schedule();
    });
    return flushing;
  }

  async function schedule(): Promise<void> {
    // Called after every attempt; one timer for the earliest retry is enough.
    clearTimeout(timer);
    const queued = (await store.all()).filter((i) => i.state === 'queued');
    if (queued.length === 0) return;
    const next = Math.min(...queued.map((i) => i.nextAttemptAt));
    timer = setTimeout(() => void flush(), Math.max(250, next - Date.now()));
  }

  async function prune(): Promise<void> {
    const cutoff = Date.now() - keepDoneMs;
    for (const item of await store.all()) if (item.state !== 'queued' && Date.parse(item.sentAt ?? item.queuedAt) < cutoff) await store.delete(item.clientId);
  }

  window.addEventListener('online', () => void flush({ now: true }));
  onReachabilityChange(() => {
    if (!isOffline()) void flush({ now: true }); // back in reach without the browser noticing a new network
  });
  void prune().then(() => flush({ now: true })); // page load: whatever an earlier visit left behind

  return {
    async add(action, label, { waitMs = 8_000 } = {}) {
      const item: OutboxItem = { clientId: action.body.clientId, action, label, queuedAt: new Date().toISOString(), state: 'queued', attempts: 0, nextAttemptAt: Date.now() };
      await store.put(item); // stored before the first byte is sent: closing the page now loses nothing
      changed();
      const answer = { given: false }; // set once add() has answered, so a later success is announced separately
      const first = attempt(item, answer);
      const slow = new Promise<Outcome>((resolve) => setTimeout(() => resolve({ state: 'queued', item, reason: stillSending }), waitMs));
      const outcome = await Promise.race([first, slow]);
      answer.given = true;
      return outcome;
    },
    async items() {
      const all = await store.all();
      return all.sort((a, b) => b.queuedAt.localeCompare(a.queuedAt)).map((i) => ({ ...i, sending: sending.has(i.clientId) }));
    },
    flush,
    async remove(clientId) {
      await store.delete(clientId);
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

async function send(action: OutboxAction): Promise<SendResult> {
  const signal = AbortSignal.timeout(sendTimeoutMs);
  switch (action.type) {
    case 'report':
      return { type: 'report', report: await createReport(action.body, signal) };
    case 'confirmation':
      return { type: 'confirmation', report: await confirmReport(action.reportId, action.body, signal) };
    case 'reopen':
      return { type: 'reopen', report: await reopenReport(action.reportId, action.body, signal) };
    case 'observation':
      return { type: 'observation', id: (await createObservation(action.body, signal)).id };
  }
}

function resultIdOf(result: SendResult): number {
  return result.type === 'observation' ? result.id : Number(result.report.properties.id);
}

function describe(error: ApiError): string {
  const fields = error.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  return fields.length > 0 ? fields.join('; ') : error.message;
}
