// Approvals state shared by the nav badge, the home card and the approvals pages: the box counts and a change
// counter that open lists and the open submission watch. 'approvals.changed' from the websocket bumps both.
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { onRealtimeEvent } from '../../../state/realtime';
import { approvalsApi, type ApprovalCounts } from './api-approvals';

export const approvalCounts = signal<ApprovalCounts | null>(null);
/** Bumped when something in the caller's approvals changed (realtime event, own action). */
export const approvalsVersion = signal(0);
/** The submission ids named by the last change, when the server names them (others reload anyway). */
export const lastChangedIds = signal<ReadonlySet<string> | null>(null);

let inFlight: Promise<void> | null = null;

export function refreshApprovalCounts(): Promise<void> {
  inFlight ??= approvalsApi
    .counts()
    .then((c) => {
      approvalCounts.value = c;
    })
    .catch(() => undefined)
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

function idsOf(data: unknown): ReadonlySet<string> | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as { submissionId?: unknown; ids?: unknown };
  if (typeof d.submissionId === 'string') return new Set([d.submissionId]);
  if (Array.isArray(d.ids)) return new Set(d.ids.filter((x): x is string => typeof x === 'string'));
  return null;
}

/** Something changed: counts are re-read and open views reload. */
export function approvalsChanged(data?: unknown): void {
  lastChangedIds.value = idsOf(data);
  approvalsVersion.value++;
  void refreshApprovalCounts();
}

let hooked = false;
/** Called once by whoever shows approval counts (the shell): keeps counts current over the websocket. */
export function hookApprovalsRealtime(): void {
  if (hooked) return;
  hooked = true;
  onRealtimeEvent('approvals.changed', (data) => approvalsChanged(data));
  // Events missed while the phone slept or the socket was down: catch up when the app is looked at again.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refreshApprovalCounts();
  });
  addEventListener('online', () => void refreshApprovalCounts());
}

/** Loads the counts on mount and keeps them live. */
export function useApprovalCounts(): ApprovalCounts | null {
  useEffect(() => {
    hookApprovalsRealtime();
    void refreshApprovalCounts();
  }, []);
  return approvalCounts.value;
}

export function clearApprovals(): void {
  approvalCounts.value = null;
}
