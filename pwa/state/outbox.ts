// The offline outbox: submissions made without a network wait in IndexedDB and are replayed in order when the
// device is back online, each with the Idempotency-Key it was given when it was queued — so a request that did
// reach the server before the line dropped is answered from the server's idempotency store, not done twice.
// A 2xx removes the item; a 4xx keeps it as 'failed' (with the problem's title) until the person dismisses it,
// so nothing they wrote disappears silently. Network failures, 5xx and "try again" answers leave it queued.
import { computed, effect, signal } from '@preact/signals';
import { ApiError, newIdempotencyKey, toApiError } from '../api/client';
import { online } from './connectivity';
import { me } from './session-signals';

export interface OutboxItem {
  /** The Idempotency-Key, generated once when queued and sent on every replay. */
  id: string;
  url: string;
  method: 'POST' | 'PUT' | 'PATCH';
  body: unknown;
  createdAt: string;
  formName: string;
  /** The form, so a failed item can be reopened and fixed. */
  formId?: string;
  /** Items replay only for the person who made them (shared devices). */
  userId: string;
  attempts: number;
  lastError: string | null;
  status: 'pending' | 'failed';
  /** A failed item's problem code (SUBMISSION_INVALID, FORM_FULL …). */
  errorCode?: string;
  /** A failed item's field problems (to show on the form again). */
  fieldErrors?: { pointer: string; message: string }[];
}

/** Where items are kept: IndexedDB in the browser, memory in unit tests. */
export interface OutboxStorage {
  all(): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  delete(id: string): Promise<void>;
}

/** What one replay got back: a server answer (any status) or no answer at all. */
export type SendResult = { kind: 'answer'; status: number; body: unknown; error?: ApiError } | { kind: 'network'; message: string };
export type Sender = (item: OutboxItem) => Promise<SendResult>;

export interface SentNotice {
  id: string;
  formName: string;
  /** The created (or resubmitted) submission, when the server said which. */
  submissionId: string | null;
}

/** Answers that mean "not now" rather than "no": the item stays queued. */
function isTransient(status: number, code: string | undefined): boolean {
  if (status >= 500 || status === 408 || status === 429) return true;
  // Signed out meanwhile: replay after the next sign-in rather than drop the work.
  if (status === 401) return true;
  return status === 409 && code === 'IDEMPOTENCY_IN_PROGRESS';
}

const byAge = (a: OutboxItem, b: OutboxItem) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

/** The outbox logic over any storage and sender (the app wires IndexedDB and fetch; tests wire fakes). */
export function createOutbox(opts: { storage: OutboxStorage; send: Sender; now?: () => Date; userId: () => string | null }) {
  const now = opts.now ?? (() => new Date());
  const items = signal<OutboxItem[]>([]);
  const sent = signal<SentNotice[]>([]);
  let loaded: Promise<void> | null = null;
  let flushing: Promise<void> | null = null;
  let again = false;

  async function reload(): Promise<void> {
    items.value = (await opts.storage.all()).sort(byAge);
  }
  function load(): Promise<void> {
    loaded ??= reload().catch(() => undefined);
    return loaded;
  }

  async function save(item: OutboxItem): Promise<void> {
    await opts.storage.put(item);
    items.value = [...items.value.filter((i) => i.id !== item.id), item].sort(byAge);
  }
  async function remove(id: string): Promise<void> {
    await opts.storage.delete(id);
    items.value = items.value.filter((i) => i.id !== id);
  }

  async function enqueue(input: { url: string; method: OutboxItem['method']; body: unknown; formName: string; formId?: string; key?: string }): Promise<OutboxItem> {
    await load();
    const userId = opts.userId();
    if (!userId) throw new Error('outbox: nobody is signed in');
    // Keep strictly increasing times so replay order is queue order even within one millisecond.
    let at = now().toISOString();
    const last = items.value[items.value.length - 1];
    if (last && last.createdAt >= at) at = new Date(Date.parse(last.createdAt) + 1).toISOString();
    const item: OutboxItem = {
      id: input.key ?? newIdempotencyKey(),
      url: input.url,
      method: input.method,
      body: input.body,
      createdAt: at,
      formName: input.formName,
      ...(input.formId ? { formId: input.formId } : {}),
      userId,
      attempts: 0,
      lastError: null,
      status: 'pending',
    };
    await save(item);
    return item;
  }

  /** Send one item; true when the queue may go on to the next. */
  async function replay(item: OutboxItem): Promise<boolean> {
    let result: SendResult;
    try {
      result = await opts.send(item);
    } catch (e) {
      result = { kind: 'network', message: (e as Error).message || 'Network error' };
    }
    const attempts = item.attempts + 1;
    if (result.kind === 'network') {
      await save({ ...item, attempts, lastError: result.message });
      return false;
    }
    const { status, error } = result;
    if (status >= 200 && status < 300) {
      await remove(item.id);
      const body = result.body as { id?: unknown } | null;
      sent.value = [...sent.value, { id: item.id, formName: item.formName, submissionId: body && typeof body.id === 'string' ? body.id : null }];
      return true;
    }
    if (isTransient(status, error?.code)) {
      await save({ ...item, attempts, lastError: error?.title ?? `HTTP ${status}` });
      return false;
    }
    await save({
      ...item,
      attempts,
      status: 'failed',
      lastError: error?.title ?? `HTTP ${status}`,
      ...(error?.code ? { errorCode: error.code } : {}),
      ...(error?.errors.length ? { fieldErrors: error.errors } : {}),
    });
    return true;
  }

  async function runFlush(): Promise<void> {
    await load();
    const userId = opts.userId();
    if (!userId) return;
    for (const item of [...items.value]) {
      if (item.status !== 'pending' || item.userId !== userId) continue;
      // In order: a later item never overtakes one the server has not answered yet.
      if (!(await replay(item))) return;
    }
  }

  /** Replay the pending items of the signed-in person, oldest first; concurrent calls share one run. */
  function flush(): Promise<void> {
    if (flushing) {
      again = true;
      return flushing;
    }
    flushing = (async () => {
      try {
        do {
          again = false;
          await runFlush();
        } while (again);
      } finally {
        flushing = null;
      }
    })();
    return flushing;
  }

  return {
    items,
    sent,
    load,
    enqueue,
    flush,
    /** Forget a failed (or pending) item. */
    dismiss: (id: string) => remove(id),
    /** Put a failed item back in the queue (after the server-side problem went away). */
    retry: async (id: string) => {
      const item = items.value.find((i) => i.id === id);
      if (item) await save({ ...item, status: 'pending' });
      return flush();
    },
    clearSent: (id?: string) => {
      sent.value = id ? sent.value.filter((s) => s.id !== id) : [];
    },
  };
}

// ── storage adapters ───────────────────────────────────────────────────────────────────────

const DB_NAME = 'xiaoban-outbox';
const STORE = 'items';

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function indexedDbStorage(factory: IDBFactory = indexedDB): OutboxStorage {
  let db: Promise<IDBDatabase> | null = null;
  const open = () => {
    db ??= new Promise((resolve, reject) => {
      const req = factory.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'id' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => {
        db = null;
        reject(req.error);
      };
    });
    return db;
  };
  const tx = async (mode: IDBTransactionMode) => (await open()).transaction(STORE, mode).objectStore(STORE);
  return {
    all: async () => (await promised((await tx('readonly')).getAll())) as OutboxItem[],
    put: async (item) => void (await promised((await tx('readwrite')).put(item))),
    delete: async (id) => void (await promised((await tx('readwrite')).delete(id))),
  };
}

/** For unit tests only: the browser always keeps the outbox in IndexedDB. */
export function memoryStorage(initial: OutboxItem[] = []): OutboxStorage & { data: Map<string, OutboxItem> } {
  const data = new Map(initial.map((i) => [i.id, structuredClone(i)]));
  return {
    data,
    all: async () => [...data.values()].map((i) => structuredClone(i)),
    put: async (item) => void data.set(item.id, structuredClone(item)),
    delete: async (id) => void data.delete(id),
  };
}

/** The real sender: fetch with the item's own Idempotency-Key. */
export const fetchSender: Sender = async (item) => {
  let res: Response;
  try {
    res = await fetch(item.url, {
      method: item.method,
      headers: { Accept: 'application/json, application/problem+json', 'Content-Type': 'application/json', 'Idempotency-Key': item.id },
      body: JSON.stringify(item.body),
      credentials: 'same-origin',
    });
  } catch (e) {
    return { kind: 'network', message: (e as Error).message || 'Network error' };
  }
  if (!res.ok) return { kind: 'answer', status: res.status, body: null, error: await toApiError(res) };
  let body: unknown = null;
  try {
    body = res.status === 204 ? null : await res.json();
  } catch {
    /* an answer without JSON still counts as done */
  }
  return { kind: 'answer', status: res.status, body };
};

// ── the app's outbox ───────────────────────────────────────────────────────────────────────

const hasIndexedDb = typeof indexedDB !== 'undefined';
const appOutbox = createOutbox({
  storage: hasIndexedDb ? indexedDbStorage() : memoryStorage(),
  send: fetchSender,
  userId: () => me.value?.user.id ?? null,
});

/** All queued and failed items of this device (the UI filters by the signed-in person). */
export const outboxItems = appOutbox.items;
/** Items sent since the page loaded, for a short "已发送" notice. */
export const outboxSent = appOutbox.sent;
/** The signed-in person's items. */
export const myOutboxItems = computed(() => {
  const userId = me.value?.user.id;
  return userId ? outboxItems.value.filter((i) => i.userId === userId) : [];
});

export const enqueueOutbox = appOutbox.enqueue;
export const flushOutbox = appOutbox.flush;
export const dismissOutboxItem = appOutbox.dismiss;
export const retryOutboxItem = appOutbox.retry;
export const clearOutboxSent = appOutbox.clearSent;

const RETRY_MS = 60_000;
let started = false;

/** Load the queue and replay it on app start, when the browser comes online, after sign-in, and now and then. */
export function initOutbox(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  const kick = () => {
    if (online.value && me.value) void flushOutbox();
  };
  void appOutbox.load().then(kick);
  window.addEventListener('online', kick);
  // The connectivity signal (and a sign-in) also start a replay.
  effect(() => {
    if (online.value && me.value) void flushOutbox();
  });
  setInterval(() => {
    if (myOutboxItems.value.some((i) => i.status === 'pending')) kick();
  }, RETRY_MS);
}

export function isNetworkError(e: unknown): boolean {
  return e instanceof ApiError && e.isNetwork;
}
