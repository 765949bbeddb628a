export { createAuthRepo } from './auth.repo.js';
export { createAuthService, type AuthService, MAX_FAILURES, LOCK_MINUTES } from './auth.service.js';
export { authRoutes, setSessionCookie } from './auth.routes.js';
export { argon2Hasher, checkPasswordPolicy, type PasswordHasher } from './auth.password.js';
export { AuthErrors } from './auth.errors.js';
export { Me } from './auth.dto.js';
