// Staff sign-in, sessions and API tokens. Secrets are random, shown once, stored only as SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import { DUMMY_HASH, HASH_RETRY_AFTER_S, HashingBusy, hashPassword, verifyPassword } from './passwords';
import { createSignInThrottle, SIGN_IN_LIMITS, type Refusal, type SignInLimits } from '../domain/throttle';
import { createRateLimiter } from '../domain/rate-limit';
import { PASSWORD_MIN_CHARS, TOKEN_DAYS_MAX, TOKEN_TOUCH_MS } from '../domain/limits';
import { ROLES, type Role } from '../domain/types';
import type { Store } from '../store';
import type { User } from '../store/staff';
import { DAY_MS } from '../domain/time';

export const SESSION_TTL_MS = 8 * 60 * 60_000; // ms: one working day, then sign in again

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`; // 256 bits of entropy

export type SignInResult =
  | { ok: true; user: User; sessionToken: string; csrfToken: string; expiresAt: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number; scope: Refusal['scope'] | 'rate' }
  | { ok: false; reason: 'busy'; retryAfterMs: number };

export function createAuth(store: Store, now: () => Date = () => new Date(), signInLimits: Partial<SignInLimits> = {}) {
  const limits = { ...SIGN_IN_LIMITS, ...signInLimits };
  const throttle = createSignInThrottle(limits);
  const attempts = createRateLimiter(limits.attemptsPerMinute);

  return {
    /** `client` is an opaque key for the caller's address (never the address), so limits apply per client. */
    async signIn(username: string, password: string, client: string): Promise<SignInResult> {
      const t = now().getTime();
      const refused = throttle.check(username, client, t);
      if (refused) return { ok: false, reason: 'throttled', retryAfterMs: refused.waitMs, scope: refused.scope };
      const wait = attempts.take(client, t);
      if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait, scope: 'rate' };
      const user = store.staff.userByName(username);
      let valid: boolean;
      try {
        valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
      } catch (err) {
        if (err instanceof HashingBusy) return { ok: false, reason: 'busy', retryAfterMs: HASH_RETRY_AFTER_S * 1000 };
        throw err;
      }
      if (!user || user.disabled || !valid) {
        const flagged = throttle.fail(username, client, t);
        // Many failures on a real account from many clients: a guess spread out to dodge the per-client
        // locks. The account stays open to its owner; admins see it in the audit log.
        if (flagged && user) store.audit.record(now().toISOString(), null, 'session.failures', 'user', user.id, { failures: limits.accountFlagFailures, withinMinutes: limits.windowMs / 60_000 });
        return { ok: false, reason: 'invalid' };
      }
      throttle.succeed(username, client);
      const sessionToken = secret('');
      const csrfToken = secret('');
      const expiresAt = new Date(t + SESSION_TTL_MS).toISOString();
      store.staff.addSession(sha256(sessionToken), user.id, csrfToken, now().toISOString(), expiresAt);
      store.audit.record(now().toISOString(), user.id, 'session.create', 'user', user.id, undefined);
      return { ok: true, user, sessionToken, csrfToken, expiresAt };
    },
    session: (sessionToken: string) => store.staff.session(sha256(sessionToken), now().toISOString()),
    signOut: (sessionToken: string) => store.staff.deleteSession(sha256(sessionToken)),
    userForToken(token: string) {
      const t = now();
      return store.staff.userForToken(sha256(token), t.toISOString(), new Date(t.getTime() - TOKEN_TOUCH_MS).toISOString());
    },

    /** Creates an API token for scripts, valid `expiresInDays` or until revoked; the returned value is the only time it is ever shown. */
    createToken(user: User, name: string, expiresInDays?: number): { id: number; token: string; expiresAt: string | null } {
      if (expiresInDays !== undefined && !(Number.isInteger(expiresInDays) && expiresInDays >= 1 && expiresInDays <= TOKEN_DAYS_MAX))
        throw new Error(`days "${expiresInDays}" must be a whole number from 1 to ${TOKEN_DAYS_MAX}`);
      const token = secret('wr_');
      const t = now();
      const at = t.toISOString();
      const expiresAt = expiresInDays === undefined ? null : new Date(t.getTime() + expiresInDays * DAY_MS).toISOString();
      const id = store.staff.addToken(user.id, name, sha256(token), at, expiresAt);
      store.audit.record(at, user.id, 'api_token.create', 'api_token', id, { name, expiresAt });
      return { id, token, expiresAt };
    },

    /** Revokes a token and says so in the audit log; `by` is the staff member, or null for the command line. */
    revokeToken(id: number, by: User | null): boolean {
      const at = now().toISOString();
      const token = store.staff.tokenOwner(id);
      if (!token || !store.staff.revokeToken(id, at)) return false;
      store.audit.record(at, by?.id ?? null, 'api_token.revoke', 'api_token', id, { name: token.name, owner: token.user_id, ...(by ? {} : { by: 'command line' }) });
      return true;
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;

/** Creates a staff account, or explains why not. Used by the `npm run user` command. */
export async function addUser(store: Store, username: string, role: string, password: string, at: string) {
  const problems: string[] = [];
  if (!/^[a-z0-9._@-]{2,100}$/i.test(username)) problems.push(`username "${username}" must be 2–100 letters, digits or . _ @ -`);
  if (!ROLES.includes(role as Role)) problems.push(`role "${role}" must be one of ${ROLES.join(', ')}`);
  if (password.length < PASSWORD_MIN_CHARS) problems.push(`password must be at least ${PASSWORD_MIN_CHARS} characters`);
  if (store.staff.userByName(username)) problems.push(`user "${username}" already exists`);
  if (problems.length) throw new Error(problems.join('; '));
  const id = store.staff.addUser(username, role as Role, await hashPassword(password), at);
  store.audit.record(at, null, 'user.create', 'user', id, { username, role, by: 'command line' });
  return id;
}
