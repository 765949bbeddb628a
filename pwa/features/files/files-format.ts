// Small pure helpers for the files pages: sizes, kinds of file, sensitivity labels, access levels, school years.
import type { AccessLevel, DocType, FileNode, Sensitivity } from '../../api/types';
import { locale, t, type MessageKey } from '../../i18n';
import type { Tone } from '../../ui';

/** Sizes use the app-wide formatter (1536 → "1.5 KB"). */
export { formatBytes } from '../../i18n/format';

export type FileKind = 'folder' | 'pdf' | 'word' | 'excel' | 'ppt' | 'image' | 'video' | 'audio' | 'archive' | 'text' | 'other';

const BY_EXT: Record<string, FileKind> = {
  pdf: 'pdf',
  doc: 'word',
  docx: 'word',
  wps: 'word',
  odt: 'word',
  rtf: 'word',
  xls: 'excel',
  xlsx: 'excel',
  et: 'excel',
  ods: 'excel',
  csv: 'excel',
  ppt: 'ppt',
  pptx: 'ppt',
  dps: 'ppt',
  odp: 'ppt',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  webp: 'image',
  heic: 'image',
  bmp: 'image',
  svg: 'image',
  mp4: 'video',
  mov: 'video',
  avi: 'video',
  mkv: 'video',
  mp3: 'audio',
  wav: 'audio',
  m4a: 'audio',
  zip: 'archive',
  rar: 'archive',
  '7z': 'archive',
  gz: 'archive',
  txt: 'text',
  md: 'text',
};

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function fileKind(node: Pick<FileNode, 'kind' | 'name' | 'mime'>): FileKind {
  if (node.kind === 'folder') return 'folder';
  const byExt = BY_EXT[extensionOf(node.name)];
  if (byExt) return byExt;
  const mime = node.mime ?? '';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('text/')) return 'text';
  if (mime === 'application/pdf') return 'pdf';
  return 'other';
}

/** The short label printed on a file icon: PDF, DOC, XLS … */
export function kindLabel(node: Pick<FileNode, 'kind' | 'name' | 'mime'>): string {
  const kind = fileKind(node);
  const fixed: Partial<Record<FileKind, string>> = { pdf: 'PDF', word: 'DOC', excel: 'XLS', ppt: 'PPT', archive: 'ZIP', text: 'TXT' };
  return fixed[kind] ?? (extensionOf(node.name).slice(0, 4).toUpperCase() || 'FILE');
}

export const SENSITIVITY_TONE: Record<Sensitivity, Tone> = { public: 'success', internal: 'primary', sensitive: 'warning', secret: 'danger' };

export function sensitivityLabel(s: Sensitivity): string {
  return t(`files.sensitivity.${s}` as MessageKey);
}

const LEVELS: readonly AccessLevel[] = ['view', 'download', 'edit', 'manage'];

export function atLeast(level: AccessLevel, needed: AccessLevel): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(needed);
}

export function levelLabel(level: AccessLevel): string {
  return t(`files.level.${level}` as MessageKey);
}

export function docTypeLabel(key: string | null, docTypes: DocType[] | null | undefined): string | null {
  if (!key) return null;
  const d = docTypes?.find((x) => x.key === key);
  if (!d) return key;
  return locale.value === 'en' ? d.en : d.zh;
}

/** "2025-2026" for the school year a date falls in (a new year starts in August). */
export function schoolYearOf(date = new Date()): string {
  const y = date.getFullYear();
  const start = date.getMonth() >= 7 ? y : y - 1;
  return `${start}-${start + 1}`;
}

/** The coming school year, the current one and the six before it, newest first. */
export function schoolYears(date = new Date()): string[] {
  const start = Number(schoolYearOf(date).slice(0, 4)) + 1;
  return Array.from({ length: 8 }, (_, i) => `${start - i}-${start - i + 1}`);
}

/** The part of a file name a rename should preselect (the name without its extension). */
export function baseNameLength(name: string, isFolder: boolean): number {
  if (isFolder) return name.length;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? dot : name.length;
}

/** A node's name as shown: the top of a personal space is "我的空间", not the owner's name. */
export function displayName(node: Pick<FileNode, 'name' | 'parentId' | 'spaceKind' | 'kind'>): string {
  if (node.kind === 'folder' && node.parentId === null && node.spaceKind === 'personal') return t('files.spaces.personal');
  return node.name;
}

/** A folder's href, or a file's preview. */
export function nodeHref(node: Pick<FileNode, 'id' | 'kind'>): string {
  return node.kind === 'folder' ? `/files/f/${node.id}` : `/files/p/${node.id}`;
}
