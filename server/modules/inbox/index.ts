export { createInboxService, type InboxService, type Notification, type NotifyOptions, type LocalizedText } from './inbox.service.js';
export { subscribeInbox } from './inbox.subscriptions.js';
export { inboxRoutes } from './inbox.routes.js';
export { InboxItem } from './inbox.dto.js';
