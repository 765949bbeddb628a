// Domain events the auth module publishes (declaration merging into core's DomainEvents).
declare module '../../core/events.js' {
  interface DomainEvents {
    'auth.password.changed': { userId: string; device: string; ip: string };
    'auth.account.locked': { userId: string; until: string; ip: string };
    'auth.totp.changed': { userId: string; enabled: boolean; device: string };
  }
}
export {};
