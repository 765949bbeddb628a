// The roster as an Excel workbook: 回执 (one row per recipient: 姓名, 部门, 送达, 已读, 已确认, 意见, 渠道; times
// on the school clock) and 概况 (the notice and its counts).
import ExcelJS from 'exceljs';
import type { DeliveryChannel, RosterCounts, RosterEntry } from './notices.dto.js';
import type { NoticeRow } from './notices.repo.js';

export interface RosterWorkbookInput {
  notice: NoticeRow;
  author: string;
  entries: RosterEntry[];
  counts: RosterCounts;
  timeZone: string;
  exportedAt: string;
}

const CHANNEL_ZH: Record<DeliveryChannel, string> = { live: '在线', webpush: '推送', email: '邮件', sms: '短信' };
const MODE_ZH = { none: '无需确认', read: '阅读即确认', click: '点击确认', comment: '确认并填写意见', signature: '确认并签名' } as const;
const URGENCY_ZH = { normal: '普通', important: '重要', urgent: '紧急' } as const;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };

const formatters = new Map<string, Intl.DateTimeFormat>();
/** 'YYYY-MM-DD HH:mm' in the school's time zone ('' for none). */
export function schoolTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export async function rosterWorkbook(input: RosterWorkbookInput): Promise<Buffer> {
  const { notice: n, timeZone: tz } = input;
  const wb = new ExcelJS.Workbook();
  wb.creator = '校办';
  wb.created = new Date(input.exportedAt);

  const sheet = wb.addWorksheet('回执', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '姓名', key: 'name', width: 14 },
    { header: '部门', key: 'dept', width: 18 },
    { header: '送达', key: 'delivered', width: 18 },
    { header: '已读', key: 'read', width: 18 },
    { header: '已确认', key: 'confirmed', width: 18 },
    { header: '意见', key: 'comment', width: 40 },
    { header: '渠道', key: 'channels', width: 22 },
  ];
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = HEADER_FILL;
  for (const e of input.entries) {
    sheet.addRow({
      name: e.displayName, dept: e.departmentName ?? '', delivered: schoolTime(e.deliveredAt, tz), read: schoolTime(e.readAt, tz),
      confirmed: n.confirmMode === 'none' ? '' : schoolTime(e.confirmedAt, tz), comment: e.comment ?? '', channels: e.reachedBy.map((c) => CHANNEL_ZH[c]).join('、'),
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 7 } };

  const summary = wb.addWorksheet('概况');
  summary.columns = [{ width: 14 }, { width: 60 }];
  const c = input.counts;
  const lines: [string, string | number][] = [
    ['标题', n.title], ['发布人', input.author], ['发布时间', schoolTime(n.publishedAt, tz)], ['紧急程度', URGENCY_ZH[n.urgency]],
    ['确认方式', MODE_ZH[n.confirmMode]], ['状态', n.status === 'withdrawn' ? `已撤回 ${schoolTime(n.withdrawnAt, tz)}` : '已发布'],
    ['接收人数', c.total], ['已送达', c.delivered], ['已读', c.read], ['未读', c.unread],
    ...(n.confirmMode === 'none' ? [] : ([['已确认', c.confirmed], ['未确认', c.unconfirmed]] as [string, number][])),
    ['导出时间', schoolTime(input.exportedAt, tz)], ['时区', tz],
  ];
  for (const [k, v] of lines) summary.addRow([k, v]).getCell(1).font = { bold: true };

  return Buffer.from(await wb.xlsx.writeBuffer());
}
