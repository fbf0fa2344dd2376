// Staff accounts, their sessions and API tokens. Only hashes of secrets are stored.
import type { Db } from './db';
import type { Role } from '../domain/types';

export interface User { id: number; username: string; role: Role; passwordHash: string; disabled: boolean }
interface UserRow { id: number; username: string; role: Role; password_hash: string; disabled_at: string | null }
export interface SessionRecord { user: User; csrfToken: string; expiresAt: string }
export interface TokenInfo { id: number; name: string; username: string; createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revoked: boolean }

const toUser = (r: UserRow): User => ({
  id: r.id, username: r.username, role: r.role, passwordHash: r.password_hash, disabled: r.disabled_at !== null,
});

export function staffRepository(db: Db) {
  const insertUser = db.prepare('INSERT INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)');
  const userByName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const userById = db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?');
  const allUsers = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username');
  const setPassword = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
  const disableUser = db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?');
  const insertSession = db.prepare(
    'INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const sessionByHash = db.prepare<[string, string], { user_id: number; csrf_token: string; expires_at: string }>(
    'SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?');
  const deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const deleteUserSessions = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const insertToken = db.prepare('INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const tokenByHash = db.prepare<[string, string], { id: number; user_id: number }>(
    'SELECT id, user_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)');
  // Written when the stored time is older than `stale`, so a busy script costs one write a minute, not one per request.
  const touchToken = db.prepare('UPDATE api_tokens SET last_used_at = @now WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @stale)');
  const revokeToken = db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const tokenOwner = db.prepare<[number], { user_id: number; name: string }>('SELECT user_id, name FROM api_tokens WHERE id = ?');
  const listTokens = db.prepare<[], { id: number; name: string; username: string; created_at: string; expires_at: string | null; last_used_at: string | null; revoked_at: string | null }>(
    'SELECT t.id, t.name, u.username, t.created_at, t.expires_at, t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id');

  const user = (row: UserRow | undefined) => (row ? toUser(row) : undefined);
  return {
    addUser(username: string, role: Role, passwordHash: string, now: string): number {
      return Number(insertUser.run(username, role, passwordHash, now).lastInsertRowid);
    },
    userByName: (username: string) => user(userByName.get(username)),
    userById: (id: number) => user(userById.get(id)),
    users: () => allUsers.all().map(toUser),
    setPassword(id: number, passwordHash: string): void {
      db.transaction(() => {
        setPassword.run(passwordHash, id);
        deleteUserSessions.run(id); // a new password signs out every old session
      }).immediate(); // write lock first: another process may be writing (see store.transaction)
    },
    disableUser(id: number, now: string): void {
      db.transaction(() => {
        disableUser.run(now, id);
        deleteUserSessions.run(id);
      }).immediate();
    },
    addSession(tokenHash: string, userId: number, csrfToken: string, now: string, expiresAt: string): void {
      deleteExpired.run(now);
      insertSession.run(tokenHash, userId, csrfToken, now, expiresAt);
    },
    session(tokenHash: string, now: string): SessionRecord | undefined {
      const row = sessionByHash.get(tokenHash, now);
      const owner = row && user(userById.get(row.user_id));
      return owner && !owner.disabled ? { user: owner, csrfToken: row.csrf_token, expiresAt: row.expires_at } : undefined;
    },
    deleteSession: (tokenHash: string) => void deleteSession.run(tokenHash),
    addToken(userId: number, name: string, tokenHash: string, now: string, expiresAt: string | null): number {
      return Number(insertToken.run(userId, name, tokenHash, now, expiresAt).lastInsertRowid);
    },
    /** The owner of a live token (not revoked, not expired, owner enabled); records when it was last used. */
    userForToken(tokenHash: string, now: string, touchStale: string): User | undefined {
      const row = tokenByHash.get(tokenHash, now);
      const owner = row && user(userById.get(row.user_id));
      if (!row || !owner || owner.disabled) return undefined;
      touchToken.run({ now, id: row.id, stale: touchStale });
      return owner;
    },
    tokenOwner: (id: number) => tokenOwner.get(id),
    revokeToken: (id: number, now: string) => revokeToken.run(now, id).changes === 1,
    tokens: (): TokenInfo[] =>
      listTokens.all().map((t) => ({
        id: t.id, name: t.name, username: t.username, createdAt: t.created_at, expiresAt: t.expires_at, lastUsedAt: t.last_used_at, revoked: t.revoked_at !== null,
      })),
  };
}

export function auditRepository(db: Db) {
  const insert = db.prepare(
    'INSERT INTO audit_log (at, user_id, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)');
  const recent = db.prepare<[number], { id: number; at: string; username: string | null; action: string; entity: string; entity_id: string | null; detail: string | null }>(`
    SELECT a.id, a.at, u.username, a.action, a.entity, a.entity_id, a.detail
    FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?`);
  return {
    record(at: string, userId: number | null, action: string, entity: string, entityId: string | number | null, detail: unknown) {
      insert.run(at, userId, action, entity, entityId === null ? null : String(entityId), detail === undefined ? null : JSON.stringify(detail));
    },
    recent: (limit: number) =>
      recent.all(limit).map((r) => ({ ...r, entityId: r.entity_id, detail: r.detail ? (JSON.parse(r.detail) as unknown) : null })),
  };
}
