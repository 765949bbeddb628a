// Wire types from the API contract (.tmp/API-CONTRACT.md). Times are ISO 8601 UTC strings.
import type { Locale } from '../i18n';

export type RoleName = 'admin' | 'principal' | 'dept_head' | 'staff' | 'it';
export const ROLE_NAMES: readonly RoleName[] = ['admin', 'principal', 'dept_head', 'staff', 'it'];

export interface RoleGrant {
  role: RoleName;
  departmentId: string | null;
  departmentName?: string | null;
}

export interface Me {
  user: {
    id: string;
    username: string;
    displayName: string;
    departmentId: string | null;
    departmentName: string | null;
    positionName: string | null;
    phone: string | null;
    email: string | null;
    locale: Locale;
    roles: RoleGrant[];
  };
  permissions: string[];
  mustChangePassword: boolean;
  mustEnrollTotp: boolean;
  totpEnabled: boolean;
  school: { name: string; timeZone: string };
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

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  device: string | null;
  current: boolean;
}

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
  qrSvg: string;
}

export type Urgency = 'low' | 'normal' | 'high' | 'urgent';

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  urgency: Urgency;
  createdAt: string;
  seenAt: string | null;
  readAt: string | null;
}

export interface InboxPage extends Page<InboxItem> {
  unread: number;
}

export interface Department {
  id: string;
  name: string;
  parentId: string | null;
  headId: string | null;
  headName: string | null;
  sortOrder: number;
  memberCount: number;
}

export interface Position {
  id: string;
  name: string;
  rank: number | null;
}

export interface PersonSummary {
  id: string;
  displayName: string;
  departmentName: string | null;
  positionName: string | null;
}

export interface ChartNode {
  id: string;
  name: string;
  head: PersonSummary | null;
  memberCount: number;
  members: PersonSummary[];
  children: ChartNode[];
}

export interface Person {
  id: string;
  username: string;
  displayName: string;
  employeeNo: string | null;
  phone: string | null;
  email: string | null;
  departmentId: string | null;
  departmentName: string | null;
  positionId: string | null;
  positionName: string | null;
  supervisorId: string | null;
  supervisorName: string | null;
  roles: RoleGrant[];
  active: boolean;
  lockedUntil: string | null;
  totpEnabled: boolean;
  createdAt: string;
}

export type ImportAction = 'create' | 'update' | 'skip' | 'error';

export interface ImportRow {
  row: number;
  data: {
    displayName: string;
    employeeNo: string;
    username: string;
    phone: string;
    email: string;
    department: string;
    position: string;
    supervisor: string;
    roles: string;
  };
  action: ImportAction;
  errors: { field: string; code: string; message: string }[];
}

export interface ImportPreview {
  id: string;
  fileName: string;
  summary: { total: number; create: number; update: number; skip: number; error: number };
  rows: ImportRow[];
}

export interface ImportResult {
  created: number;
  updated: number;
  skipped: number;
  credentials: { username: string; displayName: string; initialPassword: string }[];
}

export interface AuditEntry {
  /** The server sends an integer (the contract does not say); only used as a list key. */
  id: number | string;
  at: string;
  event: string;
  outcome: string;
  actorId: string | null;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  ip: string | null;
  details: unknown;
}

export interface Settings {
  schoolName: string;
  timeZone: string;
  defaultLocale: Locale;
  require2faForAdmins: boolean;
  passwordMinLength: number;
}
