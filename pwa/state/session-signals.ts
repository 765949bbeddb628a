// The signed-in user and the school's first-run status. Kept apart from the actions (session.ts) so
// modules that only read them do not pull in the websocket client.
import { computed, signal } from '@preact/signals';
import type { Me, SetupStatus } from '../api/types';

export const me = signal<Me | null>(null);
export const setupStatus = signal<SetupStatus | null>(null);
/** 'loading' until we know whether setup is needed and whether a session exists. */
export const bootState = signal<'loading' | 'ready'>('loading');

export const permissions = computed(() => new Set(me.value?.permissions ?? []));
export const isAdmin = computed(() => permissions.value.has('admin.access'));

export function can(permission: string): boolean {
  return permissions.value.has(permission);
}
