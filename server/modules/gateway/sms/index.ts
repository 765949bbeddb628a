// The SMS adapters the 'sms' channel (../channels/sms.ts) chooses between: our own gammu-smsd, or an HTTP provider.
export { smsdPaths, tuningFor, type SmsdTuning } from './gammu.config.js';
export { createSmsdStore, type SmsdStore } from './gammu.store.js';
export { GammuSupervisor, type GammuSupervisorOptions, type SupervisorStatus } from './gammu.supervisor.js';
export { GammuSender, type GammuSenderOptions } from './sms-gammu.js';
export { sendHttpSms, type HttpSmsOptions } from './sms-http.js';
export { smsText } from './sms.text.js';
