import { Type, type Static } from 'typebox';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const RoleNameSchema = Type.Union([Type.Literal('admin'), Type.Literal('principal'), Type.Literal('dept_head'), Type.Literal('staff'), Type.Literal('it')]);

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    totp: Type.Optional(Type.String({ pattern: '^\\s*\\d{3}\\s?\\d{3}\\s*$' })),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const Me = Type.Object({
  user: Type.Object({
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    departmentId: Nullable(Type.String()),
    departmentName: Nullable(Type.String()),
    positionName: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    locale: Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]),
    roles: Type.Array(Type.Object({ role: RoleNameSchema, departmentId: Nullable(Type.String()) })),
  }),
  permissions: Type.Array(Type.String()),
  mustChangePassword: Type.Boolean(),
  mustEnrollTotp: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  school: Type.Object({ name: Type.String(), timeZone: Type.String() }),
});
export type Me = Static<typeof Me>;

export const MePatch = Type.Object(
  { locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])), displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) },
  { additionalProperties: false, minProperties: 1 },
);

export const PasswordChange = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const TotpSetup = Type.Object({ secret: Type.String(), otpauthUrl: Type.String(), qrSvg: Type.String() });
export const TotpCode = Type.Object({ code: Type.String({ pattern: '^\\s*\\d{3}\\s?\\d{3}\\s*$' }) }, { additionalProperties: false });
export const PasswordOnly = Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });

export const SessionView = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  lastSeenAt: Type.String(),
  expiresAt: Type.String(),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  device: Type.String(),
  current: Type.Boolean(),
});
export type SessionView = Static<typeof SessionView>;
