// Who is signed in and the areas they may open, shared by every page.
import { computed, signal } from '@preact/signals';
import { setCsrfToken } from './api/client';
import { api } from './api/routes';
import type { Area, SessionAnswer } from './api/types';

export const session = signal<SessionAnswer | null>(null);
export const areas = signal<Area[]>([]);
export const grants = computed(() => session.value?.user.roles ?? []);

export async function startSession(answer: SessionAnswer): Promise<void> {
  setCsrfToken(answer.csrf_token);
  const list = await api.areas();
  areas.value = list.items;
  session.value = answer;
}

export function endSession(): void {
  setCsrfToken('');
  session.value = null;
  areas.value = [];
}

export function areaName(id: string): string | null {
  return areas.value.find((a) => a.id === id)?.name ?? null;
}
