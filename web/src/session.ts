// Who is signed in and the areas they may open, shared by every page.
import { computed, signal } from '@preact/signals';
import { setCsrfToken } from './api/client';
import { api } from './api/routes';
import type { Area, SessionAnswer } from './api/types';

export const session = signal<SessionAnswer | null>(null);
export const areas = signal<Area[]>([]);
export const grants = computed(() => session.value?.user.roles ?? []);

// A note in this browser that a session was started, so a signed-out visit goes
// straight to sign-in instead of asking the server first and logging its 401 in
// the console. The cookie stays the truth: a stale note costs one 401.
const hintKey = 'kith.signed-in';

export function maybeSignedIn(): boolean {
  try {
    return window.localStorage.getItem(hintKey) === '1';
  } catch {
    return true;
  }
}

function setHint(on: boolean): void {
  try {
    if (on) window.localStorage.setItem(hintKey, '1');
    else window.localStorage.removeItem(hintKey);
  } catch {
    // Storage refused (private mode): the page then always asks the server.
  }
}

/**
 * True while the page runs on the copy of the session kept for working with no
 * connection (survey interviews): the server has not confirmed it, and there is
 * no CSRF token until it does.
 */
export const offlineSession = signal(false);

// Who was signed in and their areas (no token, no password), so a page reloaded
// with no connection can still open the interviews kept on the device.
const keptKey = 'kith.kept-session';

function keep(answer: SessionAnswer, list: Area[]): void {
  try {
    window.localStorage.setItem(keptKey, JSON.stringify({ user: answer.user, areas: list }));
  } catch {
    // Storage refused: the page then needs a connection to open.
  }
}

export async function startSession(answer: SessionAnswer): Promise<void> {
  setHint(true);
  setCsrfToken(answer.csrf_token);
  const list = await api.areas();
  keep(answer, list.items);
  areas.value = list.items;
  session.value = answer;
  offlineSession.value = false;
}

/** Opens the kept session when the server cannot be reached; false when none is kept. */
export function startKeptSession(): boolean {
  try {
    const text = window.localStorage.getItem(keptKey);
    if (!text) return false;
    const kept = JSON.parse(text) as { user: SessionAnswer['user']; areas: Area[] };
    areas.value = kept.areas;
    session.value = { user: kept.user, csrf_token: '' };
    offlineSession.value = true;
    return true;
  } catch {
    return false;
  }
}

export function endSession(): void {
  setHint(false);
  setCsrfToken('');
  try {
    window.localStorage.removeItem(keptKey);
  } catch {
    // Nothing was kept.
  }
  session.value = null;
  areas.value = [];
  offlineSession.value = false;
}

export function areaName(id: string): string | null {
  return areas.value.find((a) => a.id === id)?.name ?? null;
}
