import { describe, expect, it } from 'vitest';
import { emailSubject, escapeHtml, renderEmail, type EmailTemplateInput } from './email-templates.js';

const base: EmailTemplateInput = {
  locale: 'zh-CN',
  urgency: 'high',
  category: 'notice.teaching',
  title: '关于期末考试安排的通知',
  body: '请各年级组长于周五前提交监考安排。\n地点：三楼会议室',
  url: 'https://xiaoban.school.lan/notices/01J0',
  unsubscribeUrl: 'https://xiaoban.school.lan/api/gateway/unsubscribe?u=abc&c=notice.teaching&s=sig',
  schoolName: '测试中学',
};

/** The visible text of the HTML part (tags out, entities back), to compare wording. */
const visible = (html: string) =>
  html.replace(/<div style="display:none[^>]*>.*?<\/div>/, '').replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('email subject', () => {
  it('puts the urgency in front, in the reader’s language', () => {
    expect(emailSubject({ ...base, urgency: 'urgent' })).toBe('【紧急】关于期末考试安排的通知');
    expect(emailSubject({ ...base, urgency: 'high' })).toBe('【重要】关于期末考试安排的通知');
    expect(emailSubject({ ...base, urgency: 'normal' })).toBe('关于期末考试安排的通知');
    expect(emailSubject({ locale: 'en', urgency: 'urgent', title: 'Fire drill at 10:00' })).toBe('[Urgent] Fire drill at 10:00');
    expect(emailSubject({ locale: 'en', urgency: 'high', title: 'Exam week' })).toBe('[Important] Exam week');
    expect(emailSubject({ locale: 'en', urgency: 'low', title: 'Exam week' })).toBe('Exam week');
  });

  it('is one line (no header injection) and not endless', () => {
    const subject = emailSubject({ locale: 'zh-CN', urgency: 'normal', title: '通知\r\nBcc: everyone@example.com\t标题' });
    expect(subject).toBe('通知 Bcc: everyone@example.com 标题');
    const long = emailSubject({ locale: 'zh-CN', urgency: 'urgent', title: '长'.repeat(400) });
    expect([...long].length).toBe(4 + 150);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('email body', () => {
  it('zh-CN: title, body, a button to the item, the school, why and how to unsubscribe', () => {
    const mail = renderEmail(base);
    expect(mail.html).toContain('<html lang="zh-CN">');
    expect(mail.html).toContain(`<a href="${base.url}"`);
    expect(mail.html).toContain(`<a href="${base.unsubscribeUrl!.replace(/&/g, '&amp;')}"`);
    expect(mail.html).toContain('请各年级组长于周五前提交监考安排。<br>地点：三楼会议室');
    const words = visible(mail.html);
    for (const s of ['测试中学 · 校办', '重要', '关于期末考试安排的通知', '查看详情', '“教学通知”类消息的邮件提醒', '不想再收到“教学通知”邮件？点此退订', '请勿直接回复']) expect(words).toContain(s);
    expect(mail.html).not.toMatch(/<style|class=/); // inline styles only
    expect(mail.html).toContain('name="viewport"');

    expect(mail.text).toBe(
      [
        '【重要】关于期末考试安排的通知',
        '',
        '请各年级组长于周五前提交监考安排。',
        '地点：三楼会议室',
        '',
        `查看详情：${base.url}`,
        '',
        '——',
        '测试中学 · 校办',
        '您收到这封邮件，是因为您是测试中学校办系统的用户，并开启了“教学通知”类消息的邮件提醒。',
        `退订“教学通知”邮件：${base.unsubscribeUrl}`,
        '此邮件由系统自动发送，请勿直接回复。',
        '',
      ].join('\n'),
    );
  });

  it('en: the same mail in English', () => {
    const mail = renderEmail({ ...base, locale: 'en', title: 'Exam week arrangements', body: 'Send the invigilation plan by Friday.', category: 'approval' });
    expect(mail.subject).toBe('[Important] Exam week arrangements');
    expect(mail.html).toContain('<html lang="en">');
    const words = visible(mail.html);
    for (const s of ['测试中学 · xiaoban', 'Important', 'Exam week arrangements', 'Open', "because you use 测试中学's xiaoban and email is on for approvals", 'Unsubscribe from email about approvals', 'please do not reply']) {
      expect(words).toContain(s);
    }
    expect(words).not.toMatch(/[查看退订]/);
    expect(mail.text).toContain(`Open: ${base.url}`);
    expect(mail.text).toContain(`Unsubscribe from email about approvals: ${base.unsubscribeUrl}`);
  });

  it('urgent mail has no unsubscribe link and says why', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const mail = renderEmail({ ...base, locale, urgency: 'urgent' });
      expect(mail.html).not.toContain('unsubscribe?');
      expect(mail.text).not.toContain('unsubscribe?');
      expect(mail.text).toContain(locale === 'en' ? 'cannot be unsubscribed from' : '不能退订');
      expect(visible(mail.html)).toContain(locale === 'en' ? 'Urgent' : '紧急');
    }
  });

  it('without a school name or a body it still reads well', () => {
    const mail = renderEmail({ ...base, schoolName: '', body: '', urgency: 'normal' });
    expect(mail.text.startsWith(`关于期末考试安排的通知\n\n查看详情：${base.url}\n\n——\n校办\n您收到这封邮件，是因为您是校办系统的用户`)).toBe(true);
    expect(visible(mail.html)).not.toContain('重要');
  });

  it('escapes everything that comes from the message', () => {
    const evil = '<img src=x onerror=alert(1)> & "quotes" \'single\'';
    const mail = renderEmail({ ...base, title: evil, body: `<script>alert(2)</script>\n<b>bold</b>`, schoolName: '<i>学校</i>' });
    expect(mail.html).not.toMatch(/<img|<script|<b>|<i>/);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39;');
    expect(mail.html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;<br>&lt;b&gt;bold&lt;/b&gt;');
    // The plain-text part is text: nothing to escape, but the words are all there.
    expect(mail.text).toContain('<script>alert(2)</script>');
  });

  it('never turns a non-web link into a button', () => {
    const mail = renderEmail({ ...base, url: 'javascript:alert(1)', unsubscribeUrl: 'data:text/html,x' });
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).not.toContain('data:text');
    expect(mail.text).not.toContain('javascript:');
  });

  it('escapeHtml covers the five characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
