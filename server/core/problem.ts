// One error handler for the whole API: everything leaves as RFC 9457 application/problem+json.
// 5xx never leak internals; validation errors carry JSON pointers.
import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: { pointer: string; message: string }[];
  [extra: string]: unknown;
}

const PROBLEM_TYPE_BASE = 'https://xiaoban.local/problems/';

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  title: string,
  detail?: string,
  extras: Record<string, unknown> = {},
): FastifyReply {
  const body: Problem = {
    type: PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-'),
    title,
    status,
    ...(detail ? { detail } : {}),
    instance: request.url.split('?')[0] ?? request.url,
    code,
    requestId: String(request.id),
    ...extras,
  };
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

interface ValidationEntry {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function pointerOf(context: string | undefined, entry: ValidationEntry): string {
  let pointer = entry.instancePath ?? '';
  const missing = entry.params?.missingProperty ?? (entry.params?.requiredProperties as string[] | undefined)?.[0];
  if (missing) pointer += `/${String(missing)}`;
  const extra = entry.params?.additionalProperty;
  if (extra) pointer += `/${String(extra)}`;
  const base = context === 'body' ? '' : `/${context ?? 'body'}`;
  return `${base}${pointer}` || '/';
}

export const problemPlugin = fp(async (app) => {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return sendProblem(request, reply, error.status, error.code, error.title, error.detail, error.extras);
    }
    const fe = error as FastifyError & { validation?: ValidationEntry[]; validationContext?: string };
    if (fe.validation) {
      const errors = fe.validation.map((v) => ({ pointer: pointerOf(fe.validationContext, v), message: v.message ?? 'invalid' }));
      return sendProblem(request, reply, 400, 'VALIDATION_FAILED', 'The request is not valid', errors.map((e) => `${e.pointer} ${e.message}`).join('; '), { errors });
    }
    const status = fe.statusCode && fe.statusCode >= 400 ? fe.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error');
      return sendProblem(request, reply, status, 'INTERNAL', 'Something went wrong on the server', 'The error was logged with this request id.');
    }
    if (status === 429) {
      const retry = Number(reply.getHeader('retry-after')) || 60;
      return sendProblem(request, reply, 429, 'RATE_LIMITED', 'Too many requests', fe.message, { retryAfterSeconds: retry });
    }
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
    // Fastify's own 4xx (bad JSON, too large, wrong content type): its message is safe and useful.
    return sendProblem(request, reply, status, code, fe.message, fe.code ? `${fe.code}` : undefined);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 404, 'NOT_FOUND', 'Not found', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
});
