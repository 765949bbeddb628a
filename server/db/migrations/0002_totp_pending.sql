-- 2FA enrolment keeps the new secret aside until a code proves it; the active secret stays in force meanwhile.
ALTER TABLE credentials ADD COLUMN totp_pending_secret TEXT;
