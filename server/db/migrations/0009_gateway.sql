-- The delivery ladder (gateway): every attempt to reach one person on one channel at one rung of the ladder is
-- a row, made in the same transaction as the inbox item, so a restart loses nothing. UNIQUE(item, channel,
-- step) makes a rung idempotent: never two SMS for one step. Push subscriptions are per device.

CREATE TABLE delivery_attempts (
  id TEXT PRIMARY KEY,
  item_id TEXT NOT NULL REFERENCES inbox_items(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('live', 'webpush', 'email', 'sms')),
  step INTEGER NOT NULL,
  category TEXT NOT NULL,
  priority INTEGER NOT NULL,            -- 0 urgent … 3 low: urgent messages jump the queue of a blast
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'skipped', 'cancelled')),
  reason TEXT,                          -- why skipped/cancelled/failed: read, preference, no_address, withdrawn, …
  due_at TEXT NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0,
  locked_at TEXT,                       -- set while sending; a crash leaves it for reconcile at start
  provider_ref TEXT,                    -- Gammu outbox ID, SMTP message id, provider reference
  detail TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT,
  delivered_at TEXT,
  UNIQUE (item_id, channel, step)
);
CREATE INDEX delivery_attempts_due ON delivery_attempts(channel, due_at) WHERE status = 'pending';
CREATE INDEX delivery_attempts_sending ON delivery_attempts(channel) WHERE status = 'sending';
CREATE INDEX delivery_attempts_sent ON delivery_attempts(channel, sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX delivery_attempts_ref ON delivery_attempts(channel, provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX delivery_attempts_updated ON delivery_attempts(updated_at);
CREATE INDEX delivery_attempts_user ON delivery_attempts(user_id);

CREATE TABLE push_subscriptions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  endpoint TEXT NOT NULL UNIQUE,
  p256dh TEXT NOT NULL,
  auth TEXT NOT NULL,
  device TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  last_success_at TEXT,
  last_failure_at TEXT,
  failures INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX push_subscriptions_user ON push_subscriptions(user_id);

CREATE TABLE delivery_prefs (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  prefs TEXT NOT NULL,                  -- JSON DeliveryPrefs (gateway.dto.ts)
  updated_at TEXT NOT NULL
);
