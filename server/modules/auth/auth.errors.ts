import { createError } from '../../lib/errors.js';

export const AuthErrors = {
  invalidCredentials: createError('INVALID_CREDENTIALS', 401, 'Wrong username or password'),
  totpRequired: createError('TOTP_REQUIRED', 401, 'Enter the code from your authenticator app'),
  totpInvalid: createError('TOTP_INVALID', 401, 'The authenticator code is wrong or expired'),
  totpInvalidBody: createError('TOTP_INVALID', 400, 'The authenticator code is wrong or expired'),
  totpAlreadyEnabled: createError('TOTP_ALREADY_ENABLED', 409, 'Two-factor authentication is already on; turn it off first (needs your password)'),
  totpNotStarted: createError('TOTP_NOT_STARTED', 409, 'Start two-factor set-up first'),
  totpRequiredByPolicy: createError('TOTP_REQUIRED_BY_POLICY', 409, 'The school requires two-factor authentication for your account'),
  locked: createError('ACCOUNT_LOCKED', 423, 'Account locked after repeated failures'),
  disabled: createError('ACCOUNT_DISABLED', 403, 'This account is disabled'),
  passwordPolicy: createError('PASSWORD_POLICY', 400, 'The new password does not meet the rules'),
  currentPasswordWrong: createError('CURRENT_PASSWORD_WRONG', 400, 'The current password is wrong'),
  sessionNotFound: createError('SESSION_NOT_FOUND', 404, 'Session not found'),
};
