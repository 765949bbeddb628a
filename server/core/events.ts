// Typed in-process domain events: cross-module side effects (org.person.created → inbox, later
// forms.approved → inbox, gateway, board) go through here instead of direct calls. Modules add their
// events to DomainEvents by declaration merging, so core never imports a module.
import type { FastifyBaseLogger } from 'fastify';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

type Handler<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => void | Promise<void>;

export class EventBus {
  private readonly handlers = new Map<keyof DomainEvents, Handler<never>[]>();

  constructor(private readonly log?: FastifyBaseLogger) {}

  on<K extends keyof DomainEvents>(name: K, handler: Handler<K>): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler as Handler<never>]);
  }

  /** Runs every handler; a failing subscriber is logged and never fails the publisher's request. */
  emit<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        const result = (handler as Handler<K>)(payload);
        if (result instanceof Promise) result.catch((err) => this.log?.error({ err, event: name }, 'event handler failed'));
      } catch (err) {
        this.log?.error({ err, event: name }, 'event handler failed');
      }
    }
  }
}
