// Domain events the org module publishes (declaration merging into core's DomainEvents).
import type { RoleName } from './org.dto.js';

declare module '../../core/events.js' {
  interface DomainEvents {
    'org.person.created': { userId: string; displayName: string; actorName: string | null };
    'org.role.granted': { userId: string; role: RoleName; departmentName: string | null; actorName: string | null };
    'org.password.reset': { userId: string; actorName: string | null };
  }
}
