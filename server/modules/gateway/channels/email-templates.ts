// The mail a person gets from the ladder, in their own language (zh-CN or en): a subject with the urgency in
// front, an HTML part that reads well on a phone (inline styles only: mail clients drop <style> and classes)
// and a plain-text part. Everything that comes from the message is user input (notice titles): escaped.
// Pure functions, no Node or database imports.
import { CATEGORY_LABELS, type Category, type LadderUrgency } from '../gateway.dto.js';

export interface EmailTemplateInput {
  locale: 'zh-CN' | 'en';
  urgency: LadderUrgency;
  category: Category;
  title: string;
  body: string;
  /** Absolute link to the item on this box. */
  url: string;
  /** One-click unsubscribe for this category; null for urgent mail (it cannot be turned off). */
  unsubscribeUrl: string | null;
  /** The school's name from the setup, '' before it is set. */
  schoolName: string;
}

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}


interface Words {
  prefix: Partial<Record<LadderUrgency, string>>;
  badge: Partial<Record<LadderUrgency, string>>;
  app: string;
  open: string;
  openText: string;
  copyLink: string;
  why(school: string, category: string): string;
  urgentWhy: string;
  unsubscribe(category: string): string;
  unsubscribeText(category: string): string;
  noReply: string;
}

const WORDS: Record<'zh-CN' | 'en', Words> = {
  'zh-CN': {
    prefix: { urgent: '【紧急】', high: '【重要】' },
    badge: { urgent: '紧急', high: '重要' },
    app: '校办',
    open: '查看详情',
    openText: '查看详情：',
    copyLink: '按钮打不开时，请复制此链接到浏览器：',
    why: (school, category) => `您收到这封邮件，是因为您是${school}校办系统的用户，并开启了“${category}”类消息的邮件提醒。`,
    urgentWhy: '紧急消息会发送给所有相关人员，不能退订。',
    unsubscribe: (category) => `不想再收到“${category}”邮件？点此退订`,
    unsubscribeText: (category) => `退订“${category}”邮件：`,
    noReply: '此邮件由系统自动发送，请勿直接回复。',
  },
  en: {
    prefix: { urgent: '[Urgent] ', high: '[Important] ' },
    badge: { urgent: 'Urgent', high: 'Important' },
    app: 'xiaoban',
    open: 'Open',
    openText: 'Open: ',
    copyLink: 'If the button does not work, copy this link into your browser:',
    why: (school, category) => `You are getting this email because you use ${school ? `${school}'s ` : ''}xiaoban and email is on for ${category}.`,
    urgentWhy: 'Urgent messages reach everyone concerned and cannot be unsubscribed from.',
    unsubscribe: (category) => `Unsubscribe from email about ${category}`,
    unsubscribeText: (category) => `Unsubscribe from email about ${category}: `,
    noReply: 'This email was sent automatically; please do not reply.',
  },
};

const BADGE_COLOUR: Partial<Record<LadderUrgency, string>> = { urgent: '#b91c1c', high: '#c2410c' };
const FONT = `-apple-system,BlinkMacSystemFont,'Segoe UI','PingFang SC','Hiragino Sans GB','Microsoft YaHei',sans-serif`;
const SUBJECT_MAX = 150;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Control characters out (a title pasted from Word may carry them); newlines kept only where asked. */
function clean(s: string, keepNewlines: boolean): string {
  const out = s.replace(/\r\n?/g, '\n').replace(keepNewlines ? /[\u0000-\u0009\u000b-\u001f\u007f]/g : /[\u0000-\u001f\u007f]+/g, ' ');
  return keepNewlines ? out.replace(/\n{3,}/g, '\n\n').trim() : out.replace(/\s+/g, ' ').trim();
}

/** Only web links become buttons: anything else (javascript:, data:) would be a trap in a mail. */
const safeUrl = (url: string | null): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

export function emailSubject(input: Pick<EmailTemplateInput, 'locale' | 'urgency' | 'title'>): string {
  const title = clean(input.title, false);
  const cut = [...title].length > SUBJECT_MAX ? `${[...title].slice(0, SUBJECT_MAX - 1).join('')}…` : title;
  return `${WORDS[input.locale].prefix[input.urgency] ?? ''}${cut}`;
}

export function renderEmail(input: EmailTemplateInput): EmailContent {
  const w = WORDS[input.locale];
  const subject = emailSubject(input);
  const title = clean(input.title, false);
  const body = clean(input.body, true);
  const school = clean(input.schoolName, false);
  const category = CATEGORY_LABELS[input.category]?.[input.locale] ?? input.category;
  const url = safeUrl(input.url);
  const unsubscribeUrl = input.urgency === 'urgent' ? null : safeUrl(input.unsubscribeUrl);
  const badge = w.badge[input.urgency];
  const header = school ? `${school} · ${w.app}` : w.app;
  const why = input.urgency === 'urgent' ? `${w.why(school, category)}${input.locale === 'en' ? ' ' : ''}${w.urgentWhy}` : w.why(school, category);

  const e = escapeHtml;
  const cell = (style: string, content: string) => `<tr><td style="${style}">${content}</td></tr>`;
  const rows = [
    cell(`padding:16px 24px;border-bottom:1px solid #e5e7eb;font:14px/1.5 ${FONT};color:#6b7280;`, e(header)),
    badge
      ? cell('padding:20px 24px 0;', `<span style="display:inline-block;padding:2px 10px;border-radius:4px;background:${BADGE_COLOUR[input.urgency]};color:#ffffff;font:600 13px/1.6 ${FONT};">${e(badge)}</span>`)
      : '',
    cell(`padding:${badge ? 12 : 20}px 24px 8px;font:600 20px/1.4 ${FONT};color:#111827;word-break:break-word;`, e(title)),
    body ? cell(`padding:0 24px 8px;font:16px/1.7 ${FONT};color:#374151;word-break:break-word;`, e(body).replace(/\n/g, '<br>')) : '',
    url
      ? cell(
          'padding:16px 24px 24px;',
          `<a href="${e(url)}" style="display:inline-block;padding:12px 28px;border-radius:6px;background:#2563eb;color:#ffffff;text-decoration:none;font:600 16px/1.2 ${FONT};">${e(w.open)}</a>` +
            `<p style="margin:16px 0 0;font:13px/1.6 ${FONT};color:#6b7280;word-break:break-all;">${e(w.copyLink)}<br><a href="${e(url)}" style="color:#2563eb;">${e(url)}</a></p>`,
        )
      : '',
  ];
  const footer = [
    `<p style="margin:0 0 8px;">${e(why)}</p>`,
    unsubscribeUrl ? `<p style="margin:0 0 8px;"><a href="${e(unsubscribeUrl)}" style="color:#6b7280;text-decoration:underline;">${e(w.unsubscribe(category))}</a></p>` : '',
    `<p style="margin:0;">${e(w.noReply)}</p>`,
  ].join('');

  const html =
    `<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f3f4f6;">` +
    // The preview line mail apps show next to the subject.
    `<div style="display:none;max-height:0;overflow:hidden;">${e([...(body || title)].slice(0, 90).join(''))}</div>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;"><tr><td align="center" style="padding:24px 12px;">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background:#ffffff;border-radius:8px;">${rows.join('')}</table>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;"><tr><td style="padding:16px 24px;font:12px/1.6 ${FONT};color:#6b7280;">${footer}</td></tr></table>` +
    `</td></tr></table></body></html>`;

  const main = [`${w.prefix[input.urgency] ?? ''}${title}`, body, url ? `${w.openText}${url}` : ''].filter(Boolean).join('\n\n');
  const foot = [header, why, unsubscribeUrl ? `${w.unsubscribeText(category)}${unsubscribeUrl}` : '', w.noReply].filter(Boolean).join('\n');
  const text = `${main}\n\n——\n${foot}\n`;

  return { subject, html, text };
}
