import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The unit-test transform compiles TSX for React's runtime; Preact's is the same API.
vi.mock('react/jsx-dev-runtime', () => import('preact/jsx-runtime'));
vi.mock('react/jsx-runtime', () => import('preact/jsx-runtime'));
import type { Answers } from '../../../../server/lib/form-schema';
import { AnswersView } from './AnswersView';
import { FormRenderer } from './FormRenderer';
import { everything, leave } from './test-fixtures';

const calendar = { holidays: [], workdays: [] };
const render = (schema = leave, answers: Answers = {}, errors: Record<string, string> = {}, activeSection?: string) =>
  renderToString(h(FormRenderer, { schema, answers, onChange: () => undefined, errors, calendar, activeSection }));

beforeEach(() => {
  // Tables ask whether the screen is wide (phones get cards).
  vi.stubGlobal('window', { matchMedia: () => ({ matches: true, addEventListener() {}, removeEventListener() {} }) });
});
afterEach(() => vi.unstubAllGlobals());

describe('FormRenderer', () => {
  it('shows fields revealed by logic only when their condition holds', () => {
    expect(render(leave, { kind: 'personal' })).not.toContain('病假证明');
    expect(render(leave, { kind: 'sick' })).toContain('病假证明');
  });

  it('renders section titles as headings, the required mark and help text', () => {
    const html = render(everything);
    expect(html).toMatch(/<h2[^>]*>基本<\/h2>/);
    expect(html).toContain('class="fr-req"');
    expect(html).toContain('一句话');
    expect(html).toContain('请如实填写');
  });

  it('renders every field type', () => {
    const html = render(everything);
    for (const label of ['标题', '正文', '数量', '单价', '合计', '日期', '时间', '起止', '跳过下一部分', '标签', '年级', '人员', '部门', '手机', '身份证', '邮箱', '附件', '图片', '签名', '明细']) {
      expect(html, label).toContain(label);
    }
    expect(html).toContain('type="tel"');
    expect(html).toContain('type="email"');
    expect(html).toContain('type="date"');
    expect(html).toContain('type="time"');
    expect(html).toContain('role="combobox"');
    expect(html).toContain('<canvas');
    expect(html).toContain('¥');
  });

  it('respects jumps: a skipped section is not rendered', () => {
    expect(render(everything, { skip: 'n' })).toContain('中间的问题');
    const skipped = render(everything, { skip: 'y' });
    expect(skipped).not.toContain('中间的问题');
    expect(skipped).toContain('最后的问题');
  });

  it('computes calculated fields and leave days live', () => {
    const html = render(everything, { qty: 3, price: 12.5, range: { start: '2026-03-06', end: '2026-03-09' } });
    expect(html).toContain('37.50');
    // Fri + Mon, the weekend skipped
    expect(html).toContain('共 2 天');
  });

  it('ties each inline error to its control with aria-describedby', () => {
    const html = render(leave, { kind: 'personal' }, { '/answers/reason': '请写清楚事由' });
    const id = /id="([^"]+-err)"[^>]*>请写清楚事由/.exec(html)?.[1];
    expect(id).toBeTruthy();
    expect(html).toMatch(new RegExp(`<textarea[^>]*aria-describedby="${id}"`));
    expect(html).toMatch(/<textarea[^>]*aria-invalid="true"/);
  });

  it('puts table cell errors on the cell', () => {
    const html = render(everything, { rows: [{ name: '' }] }, { '/answers/rows/0/name': '此项必填' });
    expect(html).toContain('data-pointer="/answers/rows/0/name"');
    expect(html).toMatch(/aria-label="第 1 行 名称"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*aria-label="第 1 行 名称"/);
  });

  it('on phones shows one section and keeps the others mounted but hidden', () => {
    const html = render(everything, {}, {}, 'b');
    expect(html).toMatch(/<section[^>]*data-section="a"[^>]*hidden/);
    expect(html).toMatch(/<section[^>]*data-section="b"(?![^>]*hidden)/);
  });
});

describe('AnswersView', () => {
  it('shows labels of options, people and departments from refs, ranges with days, and attachment links', () => {
    const refs = { people: { u1: '李老师' }, departments: { d1: '教务处' }, files: { f1: { id: 'f1', name: '诊断书.pdf', size: 2048, mime: 'application/pdf' } } };
    const html = renderToString(
      h(AnswersView, {
        schema: everything,
        answers: { tags: ['b'], who: ['u1'], dept: 'd1', range: { start: '2026-03-06', end: '2026-03-09', days: 2 }, files: ['f1'], price: 1234.5, rows: [{ name: '投影仪', n: 2 }] },
        refs,
        submissionId: 's1',
      }),
    );
    expect(html).toContain('乙');
    expect(html).toContain('李老师');
    expect(html).toContain('教务处');
    // (as text: the ends and the day count sit in their own elements so they never wrap)
    expect(html.replace(/<[^>]+>/g, '')).toContain('2026-03-06 至 2026-03-09 · 共 2 天');
    expect(html).toContain('href="/api/submissions/s1/attachments/f1"');
    expect(html).toContain('诊断书.pdf');
    expect(html).toContain('¥1,234.50');
    expect(html).toContain('投影仪');
    expect(html).toContain('未填写');
  });
});
