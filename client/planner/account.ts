// "Staff sign-in" in the header, who is signed in, sign-out; the planner workspace (a separate chunk)
// loads only once a planner or admin has signed in, so residents never download it.
import './account.css';
import * as api from '../api';
import type { MapClick, MapHit } from '../map/map-view';
import type { StaffHost } from './context';
import { dropCachedAnswers } from './offline-cache';
import type { Workspace } from './workspace';

export interface StaffAccess {
  /** True when a staff tool used the click (placing an access point, adding to a scenario…). */
  handleMapClick(click: MapClick): boolean;
  /** Adds staff actions (mark down/up, edit, move) to a popup. */
  decoratePopup(hit: MapHit, content: HTMLElement): void;
}

// Set at sign-in, cleared at sign-out: only then is the session checked on load, so a resident's
// visit never makes a request that answers 401.
const rememberKey = 'wifiReach.staffSignedIn';
const staffRoles: api.StaffRole[] = ['planner', 'admin'];

export function createStaffAccess(shell: StaffHost): StaffAccess {
  // Reports are the one layer whose answer differs for staff: drop the worker's copy before each reload.
  const host: StaffHost = { ...shell, reloadReports: () => dropCachedAnswers('/api/v1/reports').then(shell.reloadReports) };
  const area = document.getElementById('account');
  let workspace: Workspace | null = null;
  let session: api.StaffSession | null = null;
  let generation = 0; // bumped by every start and stop: a workspace whose code arrives after a sign-out is not opened

  render();
  const atStaffPage = location.pathname.replace(/\/+$/, '') === '/staff';
  if (remembered()) void resume(atStaffPage);
  else if (atStaffPage) void openSignIn();

  function render(): void {
    if (!area) return;
    if (!session) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'account-button';
      button.textContent = 'Staff sign-in';
      button.addEventListener('click', () => void openSignIn());
      area.replaceChildren(button);
      return;
    }
    const who = document.createElement('span');
    who.className = 'account-who';
    who.textContent = `Signed in as ${session.username} (${session.role})`;
    const out = document.createElement('button');
    out.type = 'button';
    out.className = 'account-button';
    out.textContent = 'Sign out';
    out.addEventListener('click', () => void signOut());
    area.replaceChildren(who, out);
  }

  async function resume(openIfSignedOut: boolean): Promise<void> {
    try {
      await start(await api.getSession());
    } catch (error) {
      forget();
      if (error instanceof api.ApiError && error.status === 401) {
        if (openIfSignedOut) void openSignIn();
        else host.say('Your staff session has ended. Use “Staff sign-in” to continue.');
      } else host.say(`Could not check the staff session: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async function openSignIn(message?: string): Promise<void> {
    const { openSignInDialog } = await import('./sign-in');
    openSignInDialog({ message, onSignedIn: (s) => start(s) });
  }

  function start(next: api.StaffSession): Promise<void> {
    return (async () => {
      session = next;
      remember();
      render();
      if (!staffRoles.includes(next.role)) {
        host.say(`Signed in as ${next.username} (${next.role}). The planner workspace needs a planner or admin account.`, { sticky: true });
        return;
      }
      workspace?.destroy();
      workspace = null;
      const mine = ++generation;
      const { createWorkspace } = await import('./workspace');
      if (mine !== generation) return; // signed out (or in again) while the code loaded
      // Assigned as soon as its panel is on screen, so a sign-out while it loads closes it.
      workspace = createWorkspace({ ...host, session: next, onSessionEnded: ended });
      await workspace.loaded;
      if (mine !== generation) return;
      await host.ready.catch(() => undefined);
      await host.reloadReports().catch(() => undefined); // exact positions and notes, now that staff may see them
      host.say(`Signed in as ${next.username}. The planner tools are in the panel beside the map.`);
    })();
  }

  async function signOut(): Promise<void> {
    try {
      await api.signOut();
      host.say('Signed out.');
    } catch (error) {
      host.say(`The server could not confirm the sign-out (${error instanceof Error ? error.message : String(error)}); the staff tools are closed.`);
    } finally {
      stop();
      document.querySelector<HTMLButtonElement>('#account .account-button')?.focus();
    }
  }

  function stop(): void {
    generation++;
    workspace?.destroy();
    workspace = null;
    session = null;
    forget();
    render();
    void host.reloadReports().catch(() => undefined); // back to the public view: rounded positions, no private notes
  }

  function ended(message: string): void {
    if (!session) return;
    stop();
    host.say(message, { sticky: true });
    void openSignIn(message);
  }

  return {
    handleMapClick: (click) => workspace?.handleMapClick(click) ?? false,
    decoratePopup: (hit, content) => workspace?.decoratePopup(hit, content),
  };
}

function remembered(): boolean {
  try {
    return localStorage.getItem(rememberKey) === '1';
  } catch {
    return false; // storage blocked: staff sign in again after a reload
  }
}

function remember(): void {
  try {
    localStorage.setItem(rememberKey, '1');
  } catch {
    /* storage blocked: nothing to remember with */
  }
}

function forget(): void {
  try {
    localStorage.removeItem(rememberKey);
  } catch {
    /* storage blocked */
  }
}
