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

export async function startSession(answer: SessionAnswer): Promise<void> {
  setHint(true);
  setCsrfToken(answer.csrf_token);
  const list = await api.areas();
  areas.value = list.items;
  session.value = answer;
}

export function endSession(): void {
  setHint(false);
  setCsrfToken('');
  session.value = null;
  areas.value = [];
}

export function areaName(id: string): string | null {
  return areas.value.find((a) => a.id === id)?.name ?? null;
}
