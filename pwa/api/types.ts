// Wire types. Those the server defines come straight from its DTO files (type-only: nothing from the server
// reaches the bundle); the rest are PWA-side shapes. Times are ISO 8601 UTC strings.
export type { AuditEntry } from '../../server/modules/audit/audit.dto';
export type { Me, SessionView as SessionInfo } from '../../server/modules/auth/auth.dto';
export type { InboxItem, Urgency } from '../../server/modules/inbox/inbox.dto';
export type {
  AccessLevel,
  Annotation,
  AnnotationCreate,
  AnnotationPatch,
  AnnotationReply,
  AnnotationShape,
  Crumb,
  DocType,
  FileNode,
  FilesPolicy,
  FileVersion,
  FolderListing,
  Grant,
  GrantInput,
  GrantSubjectType,
  ListQuery,
  NodeDetail,
  NodeKind,
  NodePage,
  NodePatch,
  PreviewInfo,
  PreviewStatus,
  QuotaUsage,
  SearchHit,
  Sensitivity,
  Sharing,
  SharingUpdate,
  SpaceKind,
  Spaces,
  TrashItem,
  UploadDone,
  UploadMetadata,
} from '../../server/modules/files/files.dto';
export type { ChartNode, Department, ImportAction, ImportPreview, ImportResult, Person, PersonSummary, Position } from '../../server/modules/org/org.dto';
import type { ImportPreview } from '../../server/modules/org/org.dto';
export type { SchoolSettings as Settings } from '../../server/modules/settings/settings.dto';
import type { InboxItem } from '../../server/modules/inbox/inbox.dto';
import type { Locale } from '../i18n';

export type RoleName = 'admin' | 'principal' | 'dept_head' | 'staff' | 'it';
export const ROLE_NAMES: readonly RoleName[] = ['admin', 'principal', 'dept_head', 'staff', 'it'];

export interface RoleGrant {
  role: RoleName;
  departmentId: string | null;
  departmentName?: string | null;
}

export interface SetupStatus {
  needsSetup: boolean;
  schoolName: string | null;
  timeZone: string;
  defaultLocale: Locale;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export interface InboxPage extends Page<InboxItem> {
  unread: number;
}

export type ImportRow = ImportPreview['rows'][number];

