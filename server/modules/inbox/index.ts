export { createInboxService, type InboxService, type Notification, type LocalizedText } from './inbox.service.js';
export { subscribeInbox } from './inbox.subscriptions.js';
export { inboxRoutes } from './inbox.routes.js';
export type { DeliveryChannel, ChannelName, Delivery, DeliveryResult } from './inbox.channels.js';
export { InboxItem } from './inbox.dto.js';
