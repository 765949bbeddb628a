import { createError } from '../../lib/errors.js';

export const GatewayErrors = {
  channelOff: createError('CHANNEL_NOT_CONFIGURED', 409, 'This channel is not configured'),
  noAddress: createError('CHANNEL_NO_ADDRESS', 422, 'No address to send to on this channel'),
  badConfig: createError('GATEWAY_CONFIG_INVALID', 422, 'The channel configuration is not valid'),
  badUnsubscribe: createError('UNSUBSCRIBE_LINK_INVALID', 400, 'This unsubscribe link is not valid'),
};
