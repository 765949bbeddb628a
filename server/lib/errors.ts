// Coded errors: every module declares its own with createError(); the problem plugin turns them into
// RFC 9457 application/problem+json. `code` is stable and translated by the PWA.
export interface ProblemExtras {
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    public readonly code: string,
    public readonly status: number,
    public readonly title: string,
    public readonly detail?: string,
    public readonly extras: ProblemExtras = {},
    public readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'AppError';
  }
}

export type ErrorFactory<A extends unknown[]> = (...args: A) => AppError;

/** createError('NOTICE_NOT_FOUND', 404, 'Notice not found') → a factory taking optional detail + extras. */
export function createError(code: string, status: number, title: string) {
  return (detail?: string, extras?: ProblemExtras, headers?: Record<string, string>) =>
    new AppError(code, status, title, detail, extras, headers);
}

export const CommonErrors = {
  notFound: createError('NOT_FOUND', 404, 'Not found'),
  unauthenticated: createError('UNAUTHENTICATED', 401, 'Sign-in required'),
  forbidden: createError('FORBIDDEN', 403, 'Not allowed'),
  badRequest: createError('BAD_REQUEST', 400, 'Bad request'),
  conflict: createError('CONFLICT', 409, 'Conflict'),
  validation: createError('VALIDATION_FAILED', 400, 'The request is not valid'),
};
