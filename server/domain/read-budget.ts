// A budget of work per client: each read costs what it returns (features), refilled at a steady rate.
// A read runs while the balance is positive and may leave it in debt, since its cost is known only
// once it has run; the client then waits until the debt is paid back.

export interface ReadBudget {
  /** 0 when the client may read now, else the milliseconds until its balance is positive again. */
  waitMs(key: string, now: number): number;
  charge(key: string, cost: number, now: number): void;
}

export function createReadBudget(
  perMinute: number, // features per client per minute sustained; also the most a client can save up
  maxKeys = 50_000, // clients remembered at most; the least recently seen are forgotten first
): ReadBudget {
  if (!(perMinute > 0)) throw new Error(`Unexpected perMinute value: ${perMinute}.`);
  const perMs = perMinute / 60_000;
  const accounts = new Map<string, { balance: number; at: number }>();
  const account = (key: string, now: number) => {
    const a = accounts.get(key) ?? { balance: perMinute, at: now };
    a.balance = Math.min(perMinute, a.balance + (now - a.at) * perMs);
    a.at = now;
    accounts.delete(key); // re-insert so Map order is least recently used first
    if (accounts.size >= maxKeys) accounts.delete(accounts.keys().next().value!);
    accounts.set(key, a);
    return a;
  };
  return {
    waitMs(key, now) {
      const a = account(key, now);
      return a.balance > 0 ? 0 : Math.ceil((1 - a.balance) / perMs);
    },
    charge(key, cost, now) {
      account(key, now).balance -= cost;
    },
  };
}
