import { describe, expect, it } from 'vitest';
import type { FileNode } from '../../api/types';
import { atLeast, baseNameLength, displayName, fileKind, formatBytes, kindLabel, nodeHref, schoolYearOf, schoolYears } from './files-format';

const node = (over: Partial<FileNode>): Pick<FileNode, 'kind' | 'name' | 'mime' | 'parentId' | 'spaceKind' | 'id'> => ({
  id: 'n1',
  kind: 'file',
  name: '通知.docx',
  mime: null,
  parentId: 'p1',
  spaceKind: 'school',
  ...over,
});

describe('files format', () => {
  it('sizes in binary steps with one decimal below 10', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatBytes(null)).toBe('—');
  });

  it('kinds from the extension first, then the MIME type', () => {
    expect(fileKind(node({ name: '预算.XLSX' }))).toBe('excel');
    expect(fileKind(node({ name: '扫描件', mime: 'image/jpeg' }))).toBe('image');
    expect(fileKind(node({ kind: 'folder', name: '资料.pdf' }))).toBe('folder');
    expect(kindLabel(node({ name: '方案.docx' }))).toBe('DOC');
    expect(kindLabel(node({ name: 'data.parquet' }))).toBe('PARQ');
  });

  it('school years start in August', () => {
    expect(schoolYearOf(new Date(2026, 7, 20))).toBe('2026-2027');
    expect(schoolYearOf(new Date(2027, 2, 1))).toBe('2026-2027');
    expect(schoolYears(new Date(2026, 10, 1))[0]).toBe('2027-2028');
    expect(schoolYears(new Date(2026, 10, 1))).toContain('2026-2027');
  });

  it('access levels are ordered', () => {
    expect(atLeast('manage', 'edit')).toBe(true);
    expect(atLeast('download', 'edit')).toBe(false);
    expect(atLeast('view', 'view')).toBe(true);
  });

  it('names, selections and links', () => {
    expect(baseNameLength('会议纪要.txt', false)).toBe(4);
    expect(baseNameLength('v1.2 资料', true)).toBe(7);
    expect(displayName(node({ kind: 'folder', name: '王老师', parentId: null, spaceKind: 'personal' }))).toBe('我的空间');
    expect(displayName(node({ kind: 'folder', name: '教研组', parentId: 'x', spaceKind: 'personal' }))).toBe('教研组');
    expect(nodeHref(node({ kind: 'folder' }))).toBe('/files/f/n1');
    expect(nodeHref(node({}))).toBe('/files/p/n1');
  });
});
