import { describe, expect, it } from 'vitest';
import type { NoticeDetail } from '../../../../server/modules/notices/notices.dto';
import { audienceIsEmpty, emptyDraft, fieldOfProblem, fromDetail, kindOf, toInput, toPublish, toRevision, validateDraft, type ComposeDraft } from './compose-state';

const TZ = 'Asia/Shanghai';
const NOW = Date.parse('2026-03-02T00:00:00.000Z'); // 08:00 in Shanghai

const ready = (over: Partial<ComposeDraft> = {}): ComposeDraft => ({
  ...emptyDraft(),
  title: ' 期末考试安排 ',
  bodyHtml: '<div>请各位老师<b>按时</b>监考。</div>',
  audience: { all: false, departmentIds: ['01hzzzzzzzzzzzzzzzzzzzzzzz'], roles: [], userIds: [] },
  ...over,
});

describe('validateDraft', () => {
  it('lets a complete notice be published and an incomplete draft be saved', () => {
    expect(validateDraft(ready(), 'publish', 'new', NOW, TZ)).toEqual({});
    expect(validateDraft({ ...emptyDraft(), title: '草稿' }, 'save', 'new', NOW, TZ)).toEqual({});
  });

  it('asks for a title always, and for a body and an audience to publish', () => {
    expect(validateDraft(emptyDraft(), 'save', 'new', NOW, TZ)).toEqual({ title: 'titleRequired' });
    expect(validateDraft({ ...emptyDraft(), title: '  ' }, 'publish', 'draft', NOW, TZ)).toEqual({
      title: 'titleRequired',
      body: 'bodyRequired',
      audience: 'audienceRequired',
    });
    expect(validateDraft(ready({ bodyHtml: '<p><br></p><p>&nbsp;</p>' }), 'publish', 'new', NOW, TZ)).toEqual({ body: 'bodyRequired' });
    expect(validateDraft(ready({ audience: { all: true, departmentIds: [], roles: [], userIds: [] } }), 'publish', 'new', NOW, TZ)).toEqual({});
  });

  it('counts the title in characters and the body in its HTML', () => {
    expect(validateDraft(ready({ title: '通'.repeat(120) }), 'publish', 'new', NOW, TZ)).toEqual({});
    expect(validateDraft(ready({ title: '通'.repeat(121) }), 'publish', 'new', NOW, TZ)).toEqual({ title: 'titleTooLong' });
    expect(validateDraft(ready({ bodyHtml: `<p>${'x'.repeat(100_000)}</p>` }), 'save', 'new', NOW, TZ)).toEqual({ body: 'bodyTooLong' });
  });

  it('an edit of a published notice needs a body but no audience (it is fixed)', () => {
    expect(validateDraft(ready({ audience: { all: false, departmentIds: [], roles: [], userIds: [] } }), 'save', 'published', NOW, TZ)).toEqual({});
    expect(validateDraft(ready({ bodyHtml: '' }), 'save', 'published', NOW, TZ)).toEqual({ body: 'bodyRequired' });
  });

  it('wants a scheduled time in the future and an expiry after publication', () => {
    expect(validateDraft(ready({ when: 'at', publishAtLocal: '' }), 'publish', 'draft', NOW, TZ)).toEqual({ publishAt: 'publishAtInvalid' });
    expect(validateDraft(ready({ when: 'at', publishAtLocal: '2026-03-02T07:59' }), 'publish', 'draft', NOW, TZ)).toEqual({ publishAt: 'publishAtPast' });
    expect(validateDraft(ready({ when: 'at', publishAtLocal: '2026-03-02T09:00', expiresLocal: '2026-03-02T08:30' }), 'publish', 'draft', NOW, TZ)).toEqual({
      expires: 'expiresBeforePublish',
    });
    expect(validateDraft(ready({ when: 'at', publishAtLocal: '2026-03-02T09:00', expiresLocal: '2026-03-09T09:00' }), 'publish', 'draft', NOW, TZ)).toEqual({});
    expect(validateDraft(ready({ expiresLocal: '2026-03-02T07:00' }), 'publish', 'new', NOW, TZ)).toEqual({ expires: 'expiresBeforePublish' });
    // A draft may carry an expiry already past; publishing it is what is refused.
    expect(validateDraft(ready({ expiresLocal: '2026-03-02T07:00' }), 'save', 'draft', NOW, TZ)).toEqual({});
    expect(validateDraft(ready({ expiresLocal: 'soon' }), 'save', 'draft', NOW, TZ)).toEqual({ expires: 'expiresInvalid' });
  });

  it('limits attachments', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ id: `f${i}`, name: `${i}.pdf`, size: 1, mime: null }));
    expect(validateDraft(ready({ attachments: many }), 'save', 'draft', NOW, TZ)).toEqual({ attachments: 'tooManyAttachments' });
  });
});

describe('request bodies', () => {
  it('builds the input with clean HTML, trimmed title and UTC times', () => {
    const input = toInput(
      ready({ expiresLocal: '2026-03-09T17:00', attachments: [{ id: 'f1', name: 'a.pdf', size: 3, mime: 'application/pdf' }], confirmMode: 'click', pinned: true }),
      TZ,
    );
    expect(input).toEqual({
      title: '期末考试安排',
      bodyHtml: '<p>请各位老师<strong>按时</strong>监考。</p>',
      category: 'general',
      urgency: 'normal',
      confirmMode: 'click',
      pinned: true,
      audience: { all: false, departmentIds: ['01hzzzzzzzzzzzzzzzzzzzzzzz'], roles: [], userIds: [] },
      attachmentIds: ['f1'],
      expiresAt: '2026-03-09T09:00:00.000Z',
    });
  });

  it('sends only "all" when the whole school is chosen', () => {
    const all = toInput(ready({ audience: { all: true, departmentIds: ['x'], roles: ['staff'], userIds: ['y'] } }), TZ);
    expect(all.audience).toEqual({ all: true, departmentIds: [], roles: [], userIds: [] });
    expect(audienceIsEmpty({ all: false, departmentIds: [], roles: ['principal'], userIds: [] })).toBe(false);
  });

  it('builds a revision without audience or mode, and the publish body', () => {
    const rev = toRevision(ready({ notifyAgain: true }), TZ);
    expect(Object.keys(rev).sort()).toEqual(['attachmentIds', 'bodyHtml', 'category', 'expiresAt', 'notifyAgain', 'pinned', 'title', 'urgency']);
    expect(rev.notifyAgain).toBe(true);
    expect(toPublish(ready(), TZ)).toEqual({ publishAt: null });
    expect(toPublish(ready({ when: 'at', publishAtLocal: '2026-03-03T07:30' }), TZ)).toEqual({ publishAt: '2026-03-02T23:30:00.000Z' });
  });

  it('reads a saved notice back into a draft', () => {
    const detail = {
      title: 't', bodyHtml: '<p>b</p>', category: 'safety', urgency: 'urgent', confirmMode: 'signature', pinned: true, status: 'scheduled',
      publishAt: '2026-03-02T23:30:00.000Z', expiresAt: '2026-03-09T09:00:00.000Z', attachments: [], audience: { all: true, departmentIds: [], roles: [], userIds: [] },
    } as unknown as NoticeDetail;
    const d = fromDetail(detail, TZ);
    expect(d).toMatchObject({ when: 'at', publishAtLocal: '2026-03-03T07:30', expiresLocal: '2026-03-09T17:00', confirmMode: 'signature', notifyAgain: false });
    expect(kindOf(detail)).toBe('scheduled');
    expect(kindOf(null)).toBe('new');
    expect(kindOf({ status: 'withdrawn' })).toBe('published');
  });
});

describe('fieldOfProblem', () => {
  it('places server problems on their fields', () => {
    expect(fieldOfProblem('NOTICE_AUDIENCE_OUT_OF_SCOPE')).toBe('audience');
    expect(fieldOfProblem('NOTICE_EXPIRY_INVALID')).toBe('expires');
    expect(fieldOfProblem('NOTICE_ATTACHMENT_UNREADABLE')).toBe('attachments');
    expect(fieldOfProblem('VALIDATION_FAILED', '/title')).toBe('title');
    expect(fieldOfProblem('VALIDATION_FAILED', '/body/audience/userIds/0')).toBe('audience');
    expect(fieldOfProblem('VALIDATION_FAILED', '/nonsense')).toBeNull();
    expect(fieldOfProblem('NOTICE_NOT_FOUND')).toBeNull();
  });
});
