export { createSettingsService, type SettingsService } from './settings.service.js';
export { SchoolSettings, SchoolSettingsPatch, Locale, DEFAULT_SETTINGS, isValidTimeZone } from './settings.dto.js';
