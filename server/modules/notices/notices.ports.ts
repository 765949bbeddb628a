// What the notice centre needs from other modules, narrowed to what it uses (tests and app.ts pass the real
// services; the shapes are checked where app.ts wires them).
import type { Gateway } from '../gateway/index.js';
import type { InboxService } from '../inbox/index.js';
import type { OrgService } from '../org/index.js';
import type { CurrentUser } from '../../core/request-context.js';
import type { NoticeAttachment } from './notices.dto.js';

export type NoticesGateway = Pick<Gateway, 'deliver' | 'cancel' | 'attempts' | 'onOutcome'>;
export type NoticesInbox = Pick<InboxService, 'markReadBySource'>;
export type NoticesOrg = Pick<
  OrgService,
  'activeUserIds' | 'departmentMemberIds' | 'roleHolders' | 'userRow' | 'listDepartments' | 'personSummary' | 'grants' | 'permissionsOf' | 'isActive'
>;

/** The documents store as notices use it (files.attachments). */
export interface NoticeAttachmentsPort {
  /** The files among `ids` that `user` may download (the author may attach only those). */
  readable(user: CurrentUser, ids: string[]): Map<string, NoticeAttachment>;
  /** Descriptions regardless of access: whoever sees the notice sees its files. */
  describe(ids: string[]): Map<string, NoticeAttachment>;
  open(id: string): { path: string; name: string; size: number; mime: string | null } | null;
}
