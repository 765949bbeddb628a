// The seams between the parts of the forms module (definitions, submissions, statistics) and the documents
// store. Each part codes against these; forms.module.ts wires the real ones.
import type { CurrentUser } from '../../core/request-context.js';
import type { Answers, Flow, FormSchema, SchoolCalendar } from '../../lib/form-schema.js';
import type { AttachmentRef, Audience, FormSettings, SubmissionDetail } from './forms.dto.js';

export interface FormRecord {
  id: string;
  name: string;
  icon: string;
  category: string;
  status: 'draft' | 'published' | 'archived';
  publishedVersion: number | null;
  ownerDepartmentId: string | null;
  audience: Audience;
  adminIds: string[];
}

export interface FormVersionRecord {
  formId: string;
  version: number;
  schema: FormSchema;
  flow: Flow;
  settings: FormSettings;
}

/** What submissions and statistics need to know about form definitions (implemented by forms.definitions.ts). */
export interface FormsCatalog {
  form(id: string): FormRecord | null;
  version(formId: string, version: number): FormVersionRecord | null;
  /** The published version the user may submit to; throws the 404 FORM_NOT_FOUND otherwise (also for archived forms). */
  submittable(user: CurrentUser, formId: string): { form: FormRecord; version: FormVersionRecord };
  canManage(user: CurrentUser, form: FormRecord): boolean;
  /** Managers, form admins and holders of forms.stats. */
  canSeeStats(user: CurrentUser, form: FormRecord): boolean;
  calendar(): SchoolCalendar;
  /** The next serial of a submission to this form ('20261128-0007'); call inside the submission's transaction. */
  nextSerial(formId: string, now: Date): string;
}

/** The documents store as forms use it (implemented in the files module: files.attachments.ts). */
export interface AttachmentsPort {
  /** The files among `ids` that `user` may download, described (to validate answers at submission). */
  readable(user: CurrentUser, ids: string[]): Map<string, AttachmentRef>;
  /** Descriptions regardless of access: whoever may see a submission may see its attachments. */
  describe(ids: string[]): Map<string, AttachmentRef>;
  /** The current bytes of a file (for the attachment route of a submission), or null when it is gone. */
  open(id: string): { path: string; name: string; size: number; mime: string | null } | null;
  /**
   * File a generated document into the school space under folder path `folders` (created as needed); returns
   * the file id. `closed`: a top folder created now is seen only by document managers (not everyone).
   */
  fileDocument(input: { folders: string[]; name: string; bytes: Uint8Array; actorId: string | null; closed?: boolean }): Promise<string>;
}

export interface SubmissionRecord {
  id: string;
  formId: string;
  version: number;
  serial: string;
  title: string;
  status: SubmissionDetail['status'];
  initiatorId: string;
  initiatorDeptId: string | null;
  answers: Answers;
  createdAt: string;
  finishedAt: string | null;
  archivedFileId: string | null;
}

/** What statistics and printing need from submissions (implemented by forms.submissions.ts). */
export interface SubmissionsPort {
  /** The submission if the user takes part in it (initiator, approver, cc, delegate, form admin, form manager); else the 404. */
  visible(user: CurrentUser, id: string): SubmissionRecord;
  record(id: string): SubmissionRecord | null;
  /** The full view; a null viewer is the system (printing): nothing is allowed, everything is shown. */
  detail(viewer: CurrentUser | null, id: string): SubmissionDetail;
  /** Signature PNG data URLs by history id. */
  signatures(id: string): Map<number, string>;
  setArchivedFile(id: string, fileId: string): void;
}
