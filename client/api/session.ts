// Staff sign-in and sign-out: the session cookie, and the CSRF token every signed-in write carries.
import type * as wire from '../../server/domain/wire';
import type { Role } from '../../server/domain/vocabulary';
import { base, fresh, request, setCsrfToken } from './request';

export type StaffRole = Role;

export interface StaffSession {
  username: string;
  role: StaffRole;
}

/** The signed-in staff member, or an ApiError with status 401 when nobody is signed in. */
export async function getSession(): Promise<StaffSession> {
  const session = await request<wire.Session>(`${base}/session`, fresh);
  setCsrfToken(session.csrfToken);
  return { username: session.username, role: session.role };
}

export async function signIn(username: string, password: string): Promise<StaffSession> {
  const session = await request<wire.SignedIn>(`${base}/session`, { method: 'POST', json: { username, password } });
  setCsrfToken(session.csrfToken);
  return { username: session.username, role: session.role };
}

export async function signOut(): Promise<void> {
  await request<void>(`${base}/session`, { method: 'DELETE', staff: true });
  setCsrfToken(null);
}
