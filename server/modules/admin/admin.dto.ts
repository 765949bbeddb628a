import { Type } from 'typebox';
import { Locale } from '../settings/index.js';

export const SetupStatus = Type.Object({
  needsSetup: Type.Boolean(),
  schoolName: Type.Union([Type.String(), Type.Null()]),
  timeZone: Type.String(),
  defaultLocale: Locale,
});

export const SetupBody = Type.Object(
  {
    schoolName: Type.String({ minLength: 1, maxLength: 100 }),
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    defaultLocale: Type.Optional(Locale),
    admin: Type.Object(
      {
        username: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{2,31}$' }),
        displayName: Type.String({ minLength: 1, maxLength: 40 }),
        password: Type.String({ minLength: 1, maxLength: 256 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
