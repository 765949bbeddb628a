export { createInboxService, type InboxService, type Notification } from './inbox.service.js';
export { inboxRoutes } from './inbox.routes.js';
export type { DeliveryChannel, ChannelName, Delivery, DeliveryResult } from './inbox.channels.js';
export { InboxItem } from './inbox.dto.js';
