-- Meetings (会议). A meeting is scheduled (once or recurring) or ad hoc ("meet now"); its invitees are kept
-- as chosen (people, departments) in meeting_invitees and resolved into meeting_members (one row per person
-- with their role), which is what access checks read. The live room itself is in memory (the SFU room is
-- created on first join); what must outlive it is here: who was there and when (meeting_attendance), the
-- in-meeting chat, and recordings (the raw Janus files in a directory until the conversion job stores
-- the finished file in the documents store).

CREATE TABLE meetings (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  agenda TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'scheduled' CHECK (kind IN ('scheduled', 'adhoc')),
  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  starts_at TEXT NOT NULL,                         -- first occurrence, ISO UTC
  duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 5 AND 1440),
  recurrence TEXT,                                 -- JSON MeetingRecurrence or NULL (once)
  time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai', -- recurrences repeat on the school's wall clock
  host_id TEXT NOT NULL REFERENCES users(id),
  source_type TEXT CHECK (source_type IN ('notice', 'chat')), -- "meet now" from a notice or a chat
  source_id TEXT,
  room_no INTEGER NOT NULL UNIQUE,                 -- the SFU room number
  lobby INTEGER NOT NULL DEFAULT 0,                -- waiting room: the host admits each person
  camera_off_above INTEGER NOT NULL DEFAULT 25,    -- cameras start off once this many are in the room
  annotate TEXT NOT NULL DEFAULT 'presenter' CHECK (annotate IN ('presenter', 'hosts', 'all')),
  folder_id TEXT,                                  -- documents folder for recordings (made on first recording)
  ics_sequence INTEGER NOT NULL DEFAULT 0,         -- RFC 5545 SEQUENCE: +1 on every change invitees must see
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX meetings_starts ON meetings (starts_at);
CREATE INDEX meetings_host ON meetings (host_id);

CREATE TABLE meeting_invitees (
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('user', 'department')),
  ref_id TEXT NOT NULL,
  PRIMARY KEY (meeting_id, kind, ref_id)
);

CREATE TABLE meeting_members (
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL DEFAULT 'attendee' CHECK (role IN ('host', 'cohost', 'attendee')),
  response TEXT NOT NULL DEFAULT 'none' CHECK (response IN ('none', 'accepted', 'declined', 'tentative')),
  PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_members_user ON meeting_members (user_id);

CREATE TABLE meeting_attachments (
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  file_id TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (meeting_id, file_id)
);

-- One row per stay in the room: a reconnect after a network change closes nothing (same session id).
CREATE TABLE meeting_attendance (
  id INTEGER PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  session_key TEXT NOT NULL,                       -- the participant id in the room
  joined_at TEXT NOT NULL,
  left_at TEXT,
  device TEXT NOT NULL DEFAULT ''                  -- 'phone' | 'desktop'
);
CREATE INDEX meeting_attendance_meeting ON meeting_attendance (meeting_id, joined_at);

CREATE TABLE meeting_chat (
  id INTEGER PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX meeting_chat_meeting ON meeting_chat (meeting_id, id);

CREATE TABLE meeting_recordings (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('recording', 'processing', 'ready', 'failed')),
  dir TEXT NOT NULL,                               -- raw Janus .mjr files + timeline.jsonl, relative to the data dir
  started_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  started_at TEXT NOT NULL,
  stopped_at TEXT,
  duration_ms INTEGER,
  file_id TEXT,                                    -- the finished file in the documents store
  size_bytes INTEGER,
  error TEXT
);
CREATE INDEX meeting_recordings_meeting ON meeting_recordings (meeting_id, started_at);

-- Personal calendar feed (webcal): the token is a bearer secret in the URL, so only its hash is kept.
CREATE TABLE meeting_feed_tokens (
  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
