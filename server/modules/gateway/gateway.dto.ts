// The delivery ladder's contract: channels, categories, the escalation policy, per-person preferences,
// the admin's channel configuration and the dashboard. Shared with the PWA (profile and admin pages).
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Channels beyond the app (the app itself — live socket + inbox — is always used). */
export const ChannelName = Type.Union([Type.Literal('webpush'), Type.Literal('email'), Type.Literal('sms')]);
export type ChannelName = Static<typeof ChannelName>;
export const CHANNELS: readonly ChannelName[] = ['webpush', 'email', 'sms'];

/** What a message is about: people choose channels per category. Notices carry their own category. */
export const Category = Type.Union([
  Type.Literal('notice.teaching'), Type.Literal('notice.admin'), Type.Literal('notice.safety'), Type.Literal('notice.logistics'), Type.Literal('notice.general'),
  Type.Literal('approval'), Type.Literal('task'), Type.Literal('meeting'), Type.Literal('annotation'), Type.Literal('account'), Type.Literal('system'),
]);
export type Category = Static<typeof Category>;
export const CATEGORIES: readonly Category[] = [
  'notice.teaching', 'notice.admin', 'notice.safety', 'notice.logistics', 'notice.general', 'approval', 'task', 'meeting', 'annotation', 'account', 'system',
];

/** How a category is named to people (unsubscribe page, e-mail footers). */
export const CATEGORY_LABELS: Record<Category, { 'zh-CN': string; en: string }> = {
  'notice.teaching': { 'zh-CN': '教学通知', en: 'teaching notices' },
  'notice.admin': { 'zh-CN': '行政通知', en: 'administration notices' },
  'notice.safety': { 'zh-CN': '安全通知', en: 'safety notices' },
  'notice.logistics': { 'zh-CN': '后勤通知', en: 'logistics notices' },
  'notice.general': { 'zh-CN': '其他通知', en: 'other notices' },
  approval: { 'zh-CN': '审批', en: 'approvals' },
  task: { 'zh-CN': '任务', en: 'tasks' },
  meeting: { 'zh-CN': '会议', en: 'meetings' },
  annotation: { 'zh-CN': '批注', en: 'annotations' },
  account: { 'zh-CN': '账户安全', en: 'account security' },
  system: { 'zh-CN': '系统', en: 'system messages' },
};

export const LadderUrgency = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')]);
export type LadderUrgency = Static<typeof LadderUrgency>;

/** One rung: after `afterMinutes` without the person reading, try these channels. */
export const LadderStep = Type.Object(
  { afterMinutes: Type.Integer({ minimum: 0, maximum: 7 * 24 * 60 }), channels: Type.Array(ChannelName, { minItems: 1, maxItems: 3, uniqueItems: true }) },
  { additionalProperties: false },
);
export type LadderStep = Static<typeof LadderStep>;
const Ladder = Type.Array(LadderStep, { maxItems: 4 });
export const EscalationPolicy = Type.Object({ low: Ladder, normal: Ladder, high: Ladder, urgent: Ladder }, { additionalProperties: false });
export type EscalationPolicy = Static<typeof EscalationPolicy>;

export const DEFAULT_POLICY: EscalationPolicy = {
  low: [],
  normal: [{ afterMinutes: 0, channels: ['webpush'] }, { afterMinutes: 240, channels: ['email'] }],
  high: [{ afterMinutes: 0, channels: ['webpush', 'email'] }, { afterMinutes: 120, channels: ['sms'] }],
  urgent: [{ afterMinutes: 0, channels: ['webpush', 'email'] }, { afterMinutes: 10, channels: ['sms'] }],
};

const HhMm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
export const QuietHours = Type.Object({ start: HhMm, end: HhMm }, { additionalProperties: false });
export type QuietHours = Static<typeof QuietHours>;

/** A person's choices. `off` lists the categories each channel must not be used for (urgent messages ignore it). */
export const DeliveryPrefs = Type.Object(
  {
    off: Type.Object(
      { webpush: Type.Array(Category, { uniqueItems: true }), email: Type.Array(Category, { uniqueItems: true }), sms: Type.Array(Category, { uniqueItems: true }) },
      { additionalProperties: false },
    ),
    quietHours: Nullable(QuietHours),
  },
  { additionalProperties: false },
);
export type DeliveryPrefs = Static<typeof DeliveryPrefs>;
export const DEFAULT_PREFS: DeliveryPrefs = { off: { webpush: [], email: [], sms: [] }, quietHours: { start: '22:00', end: '07:00' } };

export const MyDeliveryPrefs = Type.Object({
  prefs: DeliveryPrefs,
  /** What the box can use at all, and whether this person has an address there. */
  channels: Type.Array(Type.Object({ channel: ChannelName, enabled: Type.Boolean(), reachable: Type.Boolean() })),
  pushDevices: Type.Integer(),
});
export type MyDeliveryPrefs = Static<typeof MyDeliveryPrefs>;

/** Status of one attempt to reach one person on one channel at one rung of the ladder. */
export const AttemptStatus = Type.Union([
  Type.Literal('pending'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('skipped'), Type.Literal('cancelled'),
]);
export type AttemptStatus = Static<typeof AttemptStatus>;

export const AttemptView = Type.Object({
  channel: Type.Union([ChannelName, Type.Literal('live')]),
  step: Type.Integer(),
  status: AttemptStatus,
  reason: Nullable(Type.String()),
  dueAt: Type.String(),
  sentAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  tries: Type.Integer(),
});
export type AttemptView = Static<typeof AttemptView>;

// Base64url as browsers give it (PushSubscription.toJSON()): p256dh = a 65-byte P-256 point, auth = 16 bytes.
const Base64Url = (minLength: number, maxLength: number) => Type.String({ minLength, maxLength, pattern: '^[A-Za-z0-9_-]+={0,2}$' });
export const PushSubscriptionInput = Type.Object(
  {
    endpoint: Type.String({ minLength: 10, maxLength: 2000, pattern: '^https?://' }),
    keys: Type.Object({ p256dh: Base64Url(86, 90), auth: Base64Url(22, 24) }, { additionalProperties: false }),
    /** PushSubscription.toJSON() carries it; not used (a changed subscription arrives as pushsubscriptionchange). */
    expirationTime: Type.Optional(Nullable(Type.Number())),
    /** 'Chrome · Android'; the server names it from the User-Agent when missing. */
    device: Type.Optional(Type.String({ maxLength: 120 })),
  },
  { additionalProperties: false },
);
export type PushSubscriptionInput = Static<typeof PushSubscriptionInput>;
export const PushUnsubscribeInput = Type.Object({ endpoint: Type.String({ minLength: 10, maxLength: 2000 }) }, { additionalProperties: false });
export const PushKey = Type.Object({ publicKey: Type.String(), enabled: Type.Boolean() });
export type PushKey = Static<typeof PushKey>;
/** One of my devices with notifications on. The endpoint is mine: the page finds "this device" by it. */
export const PushDevice = Type.Object({
  id: Type.String(),
  device: Type.String(),
  endpoint: Type.String(),
  createdAt: Type.String(),
  lastSuccessAt: Nullable(Type.String()),
  lastFailureAt: Nullable(Type.String()),
  failures: Type.Integer(),
});
export type PushDevice = Static<typeof PushDevice>;
export const PushDeviceList = Type.Object({ items: Type.Array(PushDevice) });

// ── the admin's configuration ─────────────────────────────────────────────
/** Secrets are write-only: reads give `passwordSet: true` instead of the value; omitting keeps the old one. */
export const SmtpConfig = Type.Object(
  {
    enabled: Type.Boolean(),
    host: Type.String({ maxLength: 255 }),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    /** 'tls' = implicit TLS (465), 'starttls' = upgrade required, 'none' = plain (a relay on the LAN). */
    security: Type.Union([Type.Literal('tls'), Type.Literal('starttls'), Type.Literal('none')]),
    user: Type.String({ maxLength: 255 }),
    password: Type.Optional(Type.String({ maxLength: 500 })),
    fromName: Type.String({ maxLength: 100 }),
    fromAddress: Type.String({ maxLength: 255 }),
    /** Accept the relay's self-signed certificate (a school's own mail server). */
    allowSelfSigned: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SmtpConfig = Static<typeof SmtpConfig>;

export const GammuConfig = Type.Object(
  {
    /** Serial device of the GSM modem (/dev/ttyUSB0), or the folder of Gammu's dummy phone in tests. */
    // Written into Gammu's configuration file: no spaces, newlines or comment characters.
    device: Type.String({ maxLength: 255, pattern: '^[A-Za-z0-9_./:@+-]*$' }),
    /** Gammu connection ('at', 'at115200', …) or 'dummy' for the dummy phone. */
    connection: Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9_-]*$' }),
    pin: Type.Optional(Type.String({ maxLength: 8, pattern: '^[0-9]{0,8}$' })),
  },
  { additionalProperties: false },
);
export type GammuConfig = Static<typeof GammuConfig>;

export const HttpSmsConfig = Type.Object(
  {
    url: Type.String({ maxLength: 1000 }),
    /** Sent as `Authorization: Bearer …`. */
    token: Type.Optional(Type.String({ maxLength: 500 })),
    /** JSON body with {{phone}}, {{text}}, {{ref}} placeholders (values JSON-escaped). */
    bodyTemplate: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type HttpSmsConfig = Static<typeof HttpSmsConfig>;

export const SmsConfig = Type.Object(
  {
    mode: Type.Union([Type.Literal('off'), Type.Literal('gammu'), Type.Literal('http')]),
    /** The signature a Chinese SMS must start with, e.g. 【某某中学】. */
    signature: Type.String({ maxLength: 30 }),
    gammu: GammuConfig,
    http: HttpSmsConfig,
  },
  { additionalProperties: false },
);
export type SmsConfig = Static<typeof SmsConfig>;

export const RateLimits = Type.Object(
  {
    smsPerMinute: Type.Integer({ minimum: 1, maximum: 600 }),
    emailPerMinute: Type.Integer({ minimum: 1, maximum: 6000 }),
    pushPerMinute: Type.Integer({ minimum: 1, maximum: 60000 }),
  },
  { additionalProperties: false },
);
export type RateLimits = Static<typeof RateLimits>;

export const GatewayConfig = Type.Object(
  { smtp: SmtpConfig, sms: SmsConfig, rates: RateLimits, policy: EscalationPolicy, pushEnabled: Type.Boolean() },
  { additionalProperties: false },
);
export type GatewayConfig = Static<typeof GatewayConfig>;

export const DEFAULT_GATEWAY_CONFIG: GatewayConfig = {
  smtp: { enabled: false, host: '', port: 587, security: 'starttls', user: '', fromName: '校办', fromAddress: '', allowSelfSigned: false },
  sms: {
    mode: 'off',
    signature: '【校办】',
    gammu: { device: '/dev/ttyUSB0', connection: 'at' },
    http: { url: '', bodyTemplate: '{"phone":"{{phone}}","text":"{{text}}","ref":"{{ref}}"}' },
  },
  rates: { smsPerMinute: 6, emailPerMinute: 120, pushPerMinute: 3000 },
  policy: DEFAULT_POLICY,
  pushEnabled: true,
};

/** What the admin page reads: secrets replaced by whether they are set. */
export const GatewayConfigView = Type.Object({
  config: GatewayConfig,
  secrets: Type.Object({ smtpPassword: Type.Boolean(), gammuPin: Type.Boolean(), httpToken: Type.Boolean() }),
  vapidPublicKey: Type.String(),
});
export type GatewayConfigView = Static<typeof GatewayConfigView>;

export const ChannelDayStats = Type.Object({ day: Type.String(), channel: ChannelName, sent: Type.Integer(), delivered: Type.Integer(), failed: Type.Integer(), skipped: Type.Integer() });
export const ChannelQueue = Type.Object({
  channel: ChannelName,
  /** Attempts due now or waiting for a free slot. */
  queued: Type.Integer(),
  /** Attempts planned later on the ladder (escalations not due yet). */
  planned: Type.Integer(),
  perMinute: Type.Integer(),
  /** When the last queued attempt should have gone out at the configured rate. */
  etaAt: Nullable(Type.String()),
});
export const ModemStatus = Type.Object({
  mode: Type.Union([Type.Literal('off'), Type.Literal('gammu'), Type.Literal('http')]),
  running: Type.Boolean(),
  detail: Nullable(Type.String()),
  signalPercent: Nullable(Type.Integer()),
  batteryPercent: Nullable(Type.Integer()),
  network: Nullable(Type.String()),
  imei: Nullable(Type.String()),
  sent: Nullable(Type.Integer()),
  received: Nullable(Type.Integer()),
  updatedAt: Nullable(Type.String()),
});
export type ModemStatus = Static<typeof ModemStatus>;
export const GatewayDashboard = Type.Object({ days: Type.Array(ChannelDayStats), queues: Type.Array(ChannelQueue), modem: ModemStatus });
export type GatewayDashboard = Static<typeof GatewayDashboard>;

export const SendTestInput = Type.Object(
  { channel: ChannelName, /** phone or email to send to; default: the admin's own */ to: Type.Optional(Type.String({ maxLength: 255 })) },
  { additionalProperties: false },
);
export const SendTestResult = Type.Object({ ok: Type.Boolean(), status: Type.String(), detail: Nullable(Type.String()) });
