import { Type, type Static } from 'typebox';

export const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
export type Locale = Static<typeof Locale>;

export const SchoolSettings = Type.Object({
  schoolName: Type.String({ minLength: 1, maxLength: 100 }),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  defaultLocale: Locale,
  require2faForAdmins: Type.Boolean(),
  passwordMinLength: Type.Integer({ minimum: 8, maximum: 64 }),
});
export type SchoolSettings = Static<typeof SchoolSettings>;

export const SchoolSettingsPatch = Type.Partial(SchoolSettings, { additionalProperties: false, minProperties: 1 });
export type SchoolSettingsPatch = Static<typeof SchoolSettingsPatch>;

export const DEFAULT_SETTINGS: SchoolSettings = {
  schoolName: '',
  timeZone: 'Asia/Shanghai',
  defaultLocale: 'zh-CN',
  require2faForAdmins: false,
  passwordMinLength: 8,
};

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
