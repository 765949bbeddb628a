-- Indexes approvals were missing, found with tests/bench/forms.bench.ts and 50,000 submissions.

-- 我已审批 (GET /api/approvals?box=done) lists the submissions where a person decided a task, newest first.
-- approval_tasks_user (user_id, status, submission_id) serves one status in order, but a decision is any of
-- four statuses: the principal's 12,756 decided submissions were sorted on every page (p95 109 ms). This index
-- holds only decided tasks in submission order, so a page reads 30 entries (the query repeats this WHERE).
CREATE INDEX approval_tasks_decided ON approval_tasks(user_id, submission_id)
  WHERE status IN ('approved', 'rejected', 'returned', 'transferred');
