// The seam every outside channel plugs into (web push, email, SMS through Gammu or an HTTP provider).
// The dispatcher owns retries, rate limits and the ladder; a channel only knows how to send one message.
import type { Category, ChannelName, LadderUrgency } from './gateway.dto.js';

export interface OutboundMessage {
  attemptId: string;
  itemId: string;
  userId: string;
  locale: 'zh-CN' | 'en';
  kind: string;
  category: Category;
  urgency: LadderUrgency;
  title: string;
  body: string;
  /** The in-app path ('/notices/…'), and the same as an absolute URL of this box for mail and SMS. */
  link: string | null;
  url: string;
  /** One-click unsubscribe for this category (email, not for urgent messages). */
  unsubscribeUrl: string | null;
  /** The person's unread count after this message (for the app icon badge). */
  unread: number;
  /** Send here instead of the person's own address (the admin's "send test"). */
  address?: string;
}

export interface SendOutcome {
  status: 'sent' | 'delivered';
  /** The channel's own id (Gammu outbox ID, SMTP message id, provider reference) for delivery reports. */
  ref?: string;
  detail?: string;
}

/**
 * Thrown by send(): 'retry' = transient (SMTP down, modem gone; retried with back-off, then the ladder goes on),
 * 'permanent' = this address will not work (fails now and escalates), 'gone' = no address left (an expired push
 * subscription removed: counts as unreachable and escalates).
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    public readonly kind: 'retry' | 'permanent' | 'gone' = 'retry',
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export interface DeliveryReport {
  ref: string;
  status: 'delivered' | 'failed';
  at: string;
  detail?: string;
}

export interface Channel {
  readonly name: ChannelName;
  /** Configured and switched on by the admin. */
  enabled(): boolean;
  /** Who among these people has an address on this channel (one call for a whole fan-out). */
  reachable(userIds: string[]): Set<string>;
  send(message: OutboundMessage): Promise<SendOutcome>;
  /** After a crash while 'sending': did it go out? null = no trace, send again. Channels that can tell implement it (SMS). */
  reconcile?(message: OutboundMessage, sendingSince: string): Promise<SendOutcome | null>;
  /** Delivery reports read back since the last call (SMS). */
  pollReports?(): Promise<DeliveryReport[]>;
  /** How many devices/addresses this person has here (push: subscribed devices). */
  devices?(userId: string): number;
  /** How many may be in flight at once. */
  readonly concurrency: number;
}
