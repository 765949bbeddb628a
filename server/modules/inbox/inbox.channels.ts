// The delivery ladder's shape. Every notification is stored in the in-app inbox and pushed live over the
// hub; further channels (web push, email, SMS — the notices issue) plug in here and are driven by jobs.
import type { Urgency } from './inbox.dto.js';

export type ChannelName = 'webpush' | 'email' | 'sms';

export interface Delivery {
  userId: string;
  itemId: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  urgency: Urgency;
}

export interface DeliveryResult {
  status: 'sent' | 'delivered' | 'failed' | 'unreachable';
  detail?: string;
}

export interface DeliveryChannel {
  readonly name: ChannelName;
  /** Can this person be reached here at all (has a push subscription, an email, a phone)? */
  canReach(userId: string): boolean;
  /** Throw to have the job retried; return 'failed' for a final failure. */
  deliver(delivery: Delivery): Promise<DeliveryResult>;
}
