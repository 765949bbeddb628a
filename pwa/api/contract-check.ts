// Compile-time check that the PWA's wire types (types.ts) match the server's DTOs (server/modules/*/*.dto.ts).
// Type-only imports: nothing from the server reaches the bundle.
import type { AuditEntry as SAuditEntry } from '../../server/modules/audit/audit.dto';
import type { Me as SMe, SessionView as SSession } from '../../server/modules/auth/auth.dto';
import type { InboxItem as SInboxItem } from '../../server/modules/inbox/inbox.dto';
import type { Department as SDepartment, Person as SPerson, PersonSummary as SPersonSummary, Position as SPosition } from '../../server/modules/org/org.dto';
import type { SchoolSettings as SSettings } from '../../server/modules/settings/settings.dto';
import type { AuditEntry, Department, InboxItem, Me, Person, PersonSummary, Position, SessionInfo, Settings } from './types';

type Assert<T extends true> = T;
/** The server's answer can be read as the PWA's type. */
type Reads<Server, Pwa> = [Server] extends [Pwa] ? true : false;

export type ContractChecks = [
  Assert<Reads<SMe, Me>>,
  Assert<Reads<SSession, SessionInfo>>,
  Assert<Reads<SInboxItem, InboxItem>>,
  Assert<Reads<SDepartment, Department>>,
  Assert<Reads<SPosition, Position>>,
  Assert<Reads<SPersonSummary, PersonSummary>>,
  Assert<Reads<SPerson, Person>>,
  Assert<Reads<SAuditEntry, AuditEntry>>,
  Assert<Reads<SSettings, Settings>>,
];
