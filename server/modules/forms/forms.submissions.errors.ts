// Coded errors of submissions and approvals. Forbidden and missing are the same 404.
import { createError, type AppError } from '../../lib/errors.js';
import { EngineError } from './forms.engine.js';

export const SubmissionErrors = {
  notFound: createError('SUBMISSION_NOT_FOUND', 404, 'Submission not found'),
  invalid: createError('SUBMISSION_INVALID', 400, 'The answers are not valid'),
  versionChanged: createError('FORM_VERSION_CHANGED', 409, 'The form was changed since it was opened'),
  full: createError('FORM_FULL', 409, 'The form has reached its capacity'),
  alreadySubmitted: createError('ALREADY_SUBMITTED', 409, 'You already have a submission to this form'),
  notReturned: createError('SUBMISSION_NOT_RETURNED', 409, 'Only a submission returned for changes can be resubmitted'),
  notYourTurn: createError('APPROVAL_NOT_YOUR_TURN', 409, 'This is not waiting for you'),
  finished: createError('APPROVAL_FINISHED', 409, 'The approval is already finished'),
  cannotWithdraw: createError('APPROVAL_CANNOT_WITHDRAW', 409, 'It can no longer be withdrawn'),
  urgeTooSoon: createError('APPROVAL_URGE_TOO_SOON', 429, 'Urged a moment ago'),
  invalidTarget: createError('APPROVAL_INVALID_TARGET', 400, 'Not a possible target'),
  actionInvalid: createError('APPROVAL_ACTION_INVALID', 400, 'The action is missing something'),
  conflict: createError('APPROVAL_CONFLICT', 409, 'Someone else changed it at the same time; reload and try again'),
  batchNotAllowed: createError('APPROVAL_BATCH_NOT_ALLOWED', 409, 'This form does not allow batch approval'),
  badCursor: createError('BAD_CURSOR', 400, 'The cursor is not valid'),
  delegationInvalid: createError('DELEGATION_INVALID', 400, 'The delegation is not valid'),
  signatureNotFound: createError('SIGNATURE_NOT_FOUND', 404, 'Signature not found'),
};

/** The engine's refusals as problems; `retryAfterSeconds` for a too-early urge, `pointer` for a bad target. */
export function engineProblem(err: EngineError, opts: { retryAfterSeconds?: number; pointer?: string } = {}): AppError {
  switch (err.code) {
    case 'NOT_YOUR_TURN':
      return SubmissionErrors.notYourTurn(err.message);
    case 'NOT_RUNNING':
      return SubmissionErrors.finished(err.message);
    case 'CANNOT_WITHDRAW':
      return SubmissionErrors.cannotWithdraw(err.message);
    case 'URGE_TOO_SOON': {
      const seconds = Math.max(1, opts.retryAfterSeconds ?? 600);
      return SubmissionErrors.urgeTooSoon(err.message, { retryAfterSeconds: seconds }, { 'retry-after': String(seconds) });
    }
    case 'INVALID_TARGET':
      return SubmissionErrors.invalidTarget(err.message, { errors: [{ pointer: opts.pointer ?? '/userId', message: err.message }] });
    case 'NOT_PARTICIPANT':
      return SubmissionErrors.notFound();
  }
}

export { EngineError };
