import { createError } from '../../lib/errors.js';

export const GatewayErrors = {
  channelOff: createError('CHANNEL_NOT_CONFIGURED', 409, 'This channel is not configured'),
  noAddress: createError('CHANNEL_NO_ADDRESS', 422, 'No address to send to on this channel'),
  pushEndpointNotAllowed: createError('PUSH_ENDPOINT_NOT_ALLOWED', 422, 'This push service is not allowed'),
  pushKeysInvalid: createError('PUSH_KEYS_INVALID', 422, 'The subscription keys are not valid'),
  badConfig: createError('GATEWAY_CONFIG_INVALID', 422, 'The channel configuration is not valid'),
  badUnsubscribe: createError('UNSUBSCRIBE_LINK_INVALID', 400, 'This unsubscribe link is not valid'),
};
