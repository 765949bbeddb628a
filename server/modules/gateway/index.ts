export { createGatewayModule, type GatewayModule, type GatewayModuleDeps } from './gateway.module.js';
export type { Gateway, GatewayMessage } from './gateway.service.js';
export type { Channel, OutboundMessage, SendOutcome, DeliveryReport } from './gateway.channels.js';
export { ChannelError } from './gateway.channels.js';
export type { Category, ChannelName, AttemptView, LadderUrgency } from './gateway.dto.js';
