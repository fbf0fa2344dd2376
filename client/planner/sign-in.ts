// The staff sign-in dialog: a native modal <dialog> (focus stays inside, Escape closes it).
import './planner.css';
import * as api from '../api';

let dialog: HTMLDialogElement | null = null;

export function openSignInDialog({ message, onSignedIn }: { message?: string; onSignedIn: (session: api.StaffSession) => Promise<void> | void }): void {
  dialog ??= build();
  const form = dialog.querySelector('form')!;
  const notice = dialog.querySelector<HTMLElement>('.sign-in-notice')!;
  const error = dialog.querySelector<HTMLElement>('#sign-in-error')!;
  const username = dialog.querySelector<HTMLInputElement>('#sign-in-username')!;
  const password = dialog.querySelector<HTMLInputElement>('#sign-in-password')!;
  const submit = dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  notice.textContent = message ?? '';
  notice.hidden = !message;
  error.textContent = '';
  password.value = '';
  for (const input of [username, password]) input.removeAttribute('aria-invalid');

  form.onsubmit = async (event) => {
    event.preventDefault();
    error.textContent = '';
    const missing = [username, password].filter((input) => input.value === '');
    for (const input of [username, password]) input.toggleAttribute('aria-invalid', missing.includes(input));
    if (missing.length) {
      error.textContent = `Enter your ${missing.map((i) => (i === username ? 'username' : 'password')).join(' and ')}.`;
      missing[0].focus();
      return;
    }
    submit.disabled = true;
    try {
      const session = await api.signIn(username.value.trim(), password.value);
      password.value = '';
      dialog!.close();
      await onSignedIn(session);
    } catch (e) {
      error.textContent = explain(e);
      password.select();
      password.focus();
    } finally {
      submit.disabled = false;
    }
  };
  if (!dialog.open) dialog.showModal();
  (username.value ? password : username).focus();
}

function explain(error: unknown): string {
  if (!(error instanceof api.ApiError)) return String(error);
  if (error.status === 401) return 'Wrong username or password.';
  if (error.status === 429) return error.message; // says how long to wait
  if (error.status === 0) return error.message;
  return `Could not sign in: ${error.message}`;
}

function build(): HTMLDialogElement {
  const el = document.createElement('dialog');
  el.className = 'sign-in';
  el.setAttribute('aria-labelledby', 'sign-in-title');
  // A static form, no API data: safe as markup.
  el.innerHTML = `
    <form class="sign-in-form" novalidate>
      <h2 id="sign-in-title">Staff sign-in</h2>
      <p class="hint">For City of Kitchener staff. Residents need no account to see the map or report a problem.</p>
      <p class="sign-in-notice" role="status" hidden></p>
      <div class="pl-field">
        <label class="field-label" for="sign-in-username">Username</label>
        <input id="sign-in-username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required aria-describedby="sign-in-error" />
      </div>
      <div class="pl-field">
        <label class="field-label" for="sign-in-password">Password</label>
        <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required aria-describedby="sign-in-error" />
      </div>
      <p class="field-error" id="sign-in-error" role="alert"></p>
      <div class="pl-actions">
        <button type="submit" class="pl-button pl-primary">Sign in</button>
        <button type="button" class="pl-button" value="cancel">Cancel</button>
      </div>
    </form>`;
  el.querySelector('button[value="cancel"]')!.addEventListener('click', () => el.close());
  document.body.append(el);
  return el;
}
