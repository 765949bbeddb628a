-- The home dashboard's 抄送我 count (unread copies) read every copy row of the person: 16,297 for the office
-- clerk in tests/bench/forms.bench.ts (p50 6.8 ms against 0.5 ms for the other counts). Only unread copies
-- are indexed here, so the count reads just those.
CREATE INDEX approval_cc_unread ON approval_cc(user_id) WHERE read_at IS NULL;
