// Meeting recordings after the meeting: the conversion job and the members' list route. The live room
// (meetings module) makes the meeting_recordings row when the host starts recording and calls
// `converter.enqueue(id)` when it stops.
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { DbHandle } from '../../../db/client.js';
import type { JobQueue } from '../../../core/jobs/jobs.queue.js';
import type { Clock } from '../../../lib/clock.js';
import type { SystemFolders } from '../../files/index.js';
import type { Gateway } from '../../gateway/index.js';
import { createRecordingConverter } from './recording.job.js';
import { createRecordingRepo } from './recording.repo.js';
import { recordingRoutes } from './recording.routes.js';

export interface RecordingsModuleDeps {
  db: DbHandle;
  dataDir: string;
  files: SystemFolders;
  gateway: Pick<Gateway, 'deliver'>;
  jobs: JobQueue;
  clock: Clock;
  log: FastifyBaseLogger;
  env?: Record<string, string>;
}

export function createRecordingsModule(d: RecordingsModuleDeps) {
  const repo = createRecordingRepo(d.db.sqlite);
  const converter = createRecordingConverter({ dataDir: d.dataDir, repo, files: d.files, gateway: d.gateway, jobs: d.jobs, clock: d.clock, log: d.log, env: d.env });
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(recordingRoutes, { repo });
  };
  return { repo, converter, routes };
}
export type RecordingsModule = ReturnType<typeof createRecordingsModule>;
export { CONVERT_JOB, RECORDINGS_FOLDER } from './recording.job.js';
export { convertRecording, RecordingError } from './recording.convert.js';
export type { MeetingRecording, MeetingRecordings } from '../meetings.recordings.dto.js';
