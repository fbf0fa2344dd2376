// What this device remembers without an account: its device credential and the reports it sent or confirmed.

const keys = {
  deviceToken: 'wifi-reach.deviceToken', // from POST /api/v1/devices; replaces the random deviceId earlier versions kept
  myReports: 'wifi-reach.myReports',
} as const;

const maxRemembered = 100; // reports: the server answers at most 100 ids per "my reports" request

export interface RememberedReport {
  id: number;
  role: 'sent' | 'confirmed'; // filed from this device, or "me too" on someone else's
  at: string; // when this device sent it
}

// Private browsing or a full disk can make storage throw; the app still works for this visit.
const memory = new Map<string, string>();

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string): void {
  memory.set(key, value);
  try {
    localStorage.setItem(key, value);
  } catch {
    // kept in memory for this visit
  }
}

/** The credential the server issued this install, or null before the first one (api.ts asks for it). */
export function storedDeviceToken(): string | null {
  const token = read(keys.deviceToken);
  return token && token.length <= 200 ? token : null;
}

export function storeDeviceToken(token: string): void {
  write(keys.deviceToken, token);
}

/** Drops a credential the server refused, unless another tab has already replaced it. */
export function forgetDeviceToken(token: string): void {
  if (read(keys.deviceToken) !== token) return;
  memory.delete(keys.deviceToken);
  try {
    localStorage.removeItem(keys.deviceToken);
  } catch {
    // only the in-memory copy existed
  }
}

export function rememberedReports(): RememberedReport[] {
  try {
    const parsed = JSON.parse(read(keys.myReports) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((r): r is RememberedReport => Number.isInteger(r?.id) && (r.role === 'sent' || r.role === 'confirmed')) : [];
  } catch {
    return [];
  }
}

/** Newest first; a report sent from here stays "sent" even if this device also confirmed it. */
export function rememberReport(id: number, role: RememberedReport['role'], at = new Date().toISOString()): void {
  const list = rememberedReports();
  const existing = list.find((r) => r.id === id);
  if (existing) {
    if (role === 'sent') existing.role = 'sent';
  } else list.unshift({ id, role, at });
  write(keys.myReports, JSON.stringify(list.slice(0, maxRemembered)));
  window.dispatchEvent(new CustomEvent('wifi-reach:my-reports'));
}

export function readPreference<T>(name: string, fallback: T): T {
  try {
    const raw = read(`wifi-reach.${name}`);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

export function writePreference(name: string, value: unknown): void {
  write(`wifi-reach.${name}`, JSON.stringify(value));
}
