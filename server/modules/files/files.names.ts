// File and folder names as people type them and as uploads carry them. Pure: used by the server and its tests.
import { FilesErrors } from './files.errors.js';

const MAX_NAME_BYTES = 255;
// Control characters, path separators and the characters Windows cannot store (people download to Windows).
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/** NFC, trimmed, checked: throws FILE_NAME_INVALID with the reason. */
export function cleanName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (!name) throw FilesErrors.nameInvalid('The name is empty', { reason: 'empty' });
  if (name === '.' || name === '..') throw FilesErrors.nameInvalid('“.” and “..” are not names', { reason: 'dots' });
  if (FORBIDDEN.test(name)) throw FilesErrors.nameInvalid('Names cannot contain control characters or / \\ : * ? " < > |', { reason: 'characters' });
  if (name.endsWith('.')) throw FilesErrors.nameInvalid('Names cannot end with a dot', { reason: 'trailing-dot' });
  if (WINDOWS_RESERVED.test(name)) throw FilesErrors.nameInvalid(`“${name}” is reserved on Windows`, { reason: 'reserved' });
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) throw FilesErrors.nameInvalid(`Names are limited to ${MAX_NAME_BYTES} bytes (about 85 Chinese characters)`, { reason: 'too-long' });
  return name;
}

/** Sibling names are unique regardless of case (Windows and macOS would otherwise mix them up). */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** "a/b/c.docx" from a folder upload → ['a', 'b'] and 'c.docx', every part checked. */
export function splitRelativePath(relativePath: string): { folders: string[]; name: string } {
  const parts = relativePath.split('/').filter((p) => p !== '');
  if (parts.length === 0 || parts.length > 32) throw FilesErrors.nameInvalid('The folder path is not valid', { reason: 'path' });
  const cleaned = parts.map(cleanName);
  return { folders: cleaned.slice(0, -1), name: cleaned[cleaned.length - 1]! };
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** "报告.docx" → "报告 (2).docx" when the first is taken. */
export function alternativeName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** RFC 6266 / RFC 5987: an ASCII fallback plus the exact UTF-8 name, so Chinese names survive every browser. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'download';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
