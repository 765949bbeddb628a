// Typed fetch client. Errors come back as RFC 9457 problem+json and become an ApiError with the
// stable `code` the UI translates. Same-origin fetch sends the Origin header the server checks.

export interface FieldProblem {
  pointer: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldProblem[];
  readonly extras: Record<string, unknown>;
  /** The server's request id, to quote when reporting a problem. */
  readonly requestId: string | undefined;

  constructor(init: {
    code: string;
    status: number;
    title?: string;
    detail?: string;
    errors?: FieldProblem[];
    extras?: Record<string, unknown>;
    requestId?: string;
  }) {
    super(init.detail ?? init.title ?? init.code);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.title = init.title ?? init.code;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.extras = init.extras ?? {};
    this.requestId = init.requestId;
  }

  /** The network failed (offline, server down): nothing reached the server or no answer came back. */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** JSON body (serialised) — or a Blob/File sent raw with its own content type. */
  body?: unknown;
  headers?: Record<string, string>;
  /** true → a fresh UUID; a string → that key (reuse it when retrying the same submission). */
  idempotencyKey?: string | true;
  signal?: AbortSignal;
  /** Do not run the global 401 handler (sign-in and "who am I" calls handle it themselves). */
  skipAuthRedirect?: boolean;
}

type UnauthorizedHandler = (err: ApiError) => void;
let onUnauthorized: UnauthorizedHandler | null = null;
let onPolicyBlock: UnauthorizedHandler | null = null;

/** Called on any 401 (session expired or revoked). */
export function setUnauthorizedHandler(fn: UnauthorizedHandler): void {
  onUnauthorized = fn;
}
/** Called on 403 PASSWORD_CHANGE_REQUIRED / TOTP_ENROLMENT_REQUIRED: the session must finish a forced step. */
export function setPolicyBlockHandler(fn: UnauthorizedHandler): void {
  onPolicyBlock = fn;
}

export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId', 'errors']);

/** Turn an error response into an ApiError (problem+json, plain JSON, or anything else). */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('json')) body = (await res.json()) as Record<string, unknown>;
  } catch {
    /* not JSON: keep the status */
  }
  const extras: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!RESERVED.has(k)) extras[k] = v;
  const retryAfter = res.headers.get('retry-after');
  if (retryAfter && extras.retryAfterSeconds === undefined && /^\d+$/.test(retryAfter)) extras.retryAfterSeconds = Number(retryAfter);
  return new ApiError({
    code: typeof body.code === 'string' ? body.code : `HTTP_${res.status}`,
    status: res.status,
    title: typeof body.title === 'string' ? body.title : res.statusText,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
    errors: Array.isArray(body.errors) ? (body.errors as FieldProblem[]) : [],
    extras,
    requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
  });
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body instanceof Blob) {
    body = opts.body;
    headers['Content-Type'] ??= opts.body.type || 'application/octet-stream';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey === true ? newIdempotencyKey() : opts.idempotencyKey;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError({ code: 'NETWORK', status: 0, title: 'Network error' });
  }

  if (!res.ok) {
    const err = await toApiError(res);
    if (err.status === 401 && !opts.skipAuthRedirect) onUnauthorized?.(err);
    if (err.status === 403 && (err.code === 'PASSWORD_CHANGE_REQUIRED' || err.code === 'TOTP_ENROLMENT_REQUIRED')) onPolicyBlock?.(err);
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) return (await res.json()) as T;
  return (await res.text()) as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  del: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};
