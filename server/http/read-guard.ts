// Guards on anonymous reads, so one client looping on an expensive endpoint cannot starve the rest:
// a per-client budget of features per minute (429 + Retry-After when spent) and a global cap on how
// many expensive reads run at once, OGC pages and exports each in slots of their own, one per client (others wait
// briefly, then 503 + Retry-After).
// Staff (a session or an API token) are accountable and exempt from both.
import type { Request, RequestHandler, Response } from 'express';
import { createReadBudget } from '../domain/read-budget';
import { clientKeyer, type ClientKey } from './client-key';
import { HttpProblem } from './problem';

export interface ReadGuardOptions {
  budgetPerMinute: number; // features an anonymous client may read per minute (and save up at most)
  maxConcurrent: number; // expensive anonymous reads running at once, server-wide
  waitMs: number; // ms an expensive read waits for a free slot before it is refused with 503
}

const PER_CLIENT = 1; // expensive reads one anonymous client may run or queue at once: with two it could hold every slot
const MAX_WAITING = 32; // reads queued for a slot at most: past this, waiting would only add latency
const BUSY_RETRY_S = 2; // s: Retry-After on a 503; a slot frees as soon as one page or download ends

export interface ReadGuard {
  budget: RequestHandler; // 429 when the anonymous client's budget is spent
  expensive: RequestHandler; // an OGC page: holds one of the global page slots until the response closes
  download: RequestHandler; // a whole-layer export: holds one of the download slots, apart from the pages'
  /** Charges the read's cost (features returned, or the count an export will stream) to its client. */
  charge(req: Request, features: number): void;
  running(): number;
}

export function createReadGuard(options: ReadGuardOptions, now: () => number = Date.now, keyOf: ClientKey = clientKeyer(now)): ReadGuard {
  const { budgetPerMinute, maxConcurrent, waitMs } = options;
  const budget = createReadBudget(budgetPerMinute);
  const keys = new WeakMap<Request, string>();
  const held = new Map<string, number>(); // client key → expensive reads it is running or waiting for, of either kind
  // Pages and whole-layer downloads wait for slots of their own: a download holds its slot while its client reads,
  // so two clients reading downloads slowly held both slots and every OGC page got 503 for the 30 s until the stall
  // timeout freed them (a review's probe, 2026-12-06).
  const pages = slots(maxConcurrent, waitMs), downloads = slots(maxConcurrent, waitMs);

  const guard = (pool: Slots): RequestHandler => (req, res, next) => {
    if (req.caller) return next();
    const key = keys.get(req) ?? keyOf(req);
    const busy = (why = `${maxConcurrent} large anonymous reads are running`) =>
      next(new HttpProblem({ title: 'Busy', status: 503, detail: `${why}; try again in ${BUSY_RETRY_S} s.` }, { 'Retry-After': String(BUSY_RETRY_S) }));
    if ((held.get(key) ?? 0) >= PER_CLIENT) return busy('This client already has a large read running; one at a time');
    held.set(key, (held.get(key) ?? 0) + 1);
    res.once('close', () => {
      const n = held.get(key)! - 1;
      if (n > 0) held.set(key, n);
      else held.delete(key);
    });
    pool.enter(res, next, () => busy());
  };

  return {
    budget(req, _res, next) {
      if (req.caller) return next();
      const key = keyOf(req);
      keys.set(req, key);
      const wait = budget.waitMs(key, now());
      if (wait === 0) return next();
      const seconds = Math.ceil(wait / 1000);
      next(new HttpProblem(
        { title: 'Too many requests', status: 429, detail: `This client has read its budget of ${budgetPerMinute} features a minute; wait ${seconds} s, or ask for less (a smaller bbox or limit).` },
        { 'Retry-After': String(seconds) },
      ));
    },
    expensive: guard(pages),
    download: guard(downloads),
    charge(req, features) {
      const key = keys.get(req);
      if (key !== undefined && features > 0) budget.charge(key, features, now());
    },
    running: () => pages.running() + downloads.running(),
  };
}

interface Slots {
  /** Runs `start` once a slot is free (held until the response closes), or `refuse` when none frees in time. */
  enter(res: Response, start: () => void, refuse: () => void): void;
  running(): number;
}

function slots(max: number, waitMs: number): Slots {
  const waiting: (() => void)[] = [];
  let running = 0;
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return {
    enter(res, next, refuse) {
      const start = () => {
        running += 1;
        res.once('close', release); // finished, failed or abandoned: the slot is free again
        next();
      };
      if (running < max) return start();
      if (waitMs === 0 || waiting.length >= MAX_WAITING) return refuse();
      const go = () => {
        clearTimeout(timer);
        res.off('close', gone);
        start();
      };
      const leave = () => {
        const i = waiting.indexOf(go);
        if (i >= 0) waiting.splice(i, 1);
      };
      const gone = () => {
        clearTimeout(timer);
        leave();
      };
      const timer = setTimeout(() => {
        leave();
        res.off('close', gone);
        refuse();
      }, waitMs);
      res.once('close', gone); // a client that gives up while waiting leaves the queue
      waiting.push(go);
    },
    running: () => running,
  };
}
