import { describe, expect, it } from 'vitest';
import { plainLine, smsText } from './sms.text.js';

const url = 'https://oa.school.lan/notices/01J9ZK';

describe('smsText', () => {
  it('is signature + title + body excerpt + link', () => {
    expect(smsText({ signature: '【实验中学】', title: '明天停课', body: '因台风预警，明天全校停课一天。', url })).toBe(`【实验中学】明天停课：因台风预警，明天全校停课一天。 ${url}`);
  });

  it('flattens markup, control characters and line breaks to one line', () => {
    expect(plainLine('<p>第一行</p>\n<b>第二行</b>\u0007\u200b')).toBe('第一行 第二行');
    expect(smsText({ signature: '', title: '标题\r\n换行', body: '', url })).toBe(`标题 换行 ${url}`);
  });

  it('keeps the signature and the link whole within the cap, shortening the body, then the title', () => {
    const body = '请'.repeat(500);
    const text = smsText({ signature: '【实验中学】', title: '关于期末考试的通知', body, url }, 120);
    expect([...text]).toHaveLength(120);
    expect(text.startsWith('【实验中学】关于期末考试的通知：请')).toBe(true);
    expect(text.endsWith(`… ${url}`)).toBe(true);

    const title = '长'.repeat(300);
    const short = smsText({ signature: '【实验中学】', title, body: '正文', url }, 80);
    expect([...short]).toHaveLength(80);
    expect(short).toBe(`【实验中学】${'长'.repeat(80 - 6 - 1 - url.length - 1)}… ${url}`);
  });

  it('leaves out a body excerpt with no room to say anything, and a body that repeats the title', () => {
    const title = '题'.repeat(40);
    expect(smsText({ signature: '', title, body: '这段正文放不下', url }, 40 + 5 + url.length)).toBe(`${title} ${url}`);
    expect(smsText({ signature: '', title: '开会', body: '开会', url })).toBe(`开会 ${url}`);
  });

  it('never cuts a character outside the BMP in half', () => {
    const text = smsText({ signature: '', title: '𠮷'.repeat(20), body: '', url: '' }, 10);
    expect([...text]).toEqual([...'𠮷'.repeat(9), '…']);
  });
});
