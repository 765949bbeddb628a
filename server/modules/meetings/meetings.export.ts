// Attendance as an Excel workbook: 签到 (one row per person: 姓名, 部门, 角色, 首次加入, 最后离开, 累计分钟,
// 进出次数, 设备; times on the meeting's clock), 缺席 (members who did not join) and 概况.
import ExcelJS from 'exceljs';
import type { MeetingAttendance, MeetingRole } from './meetings.dto.js';
import type { MeetingRow } from './meetings.repo.js';

export interface AttendanceWorkbookInput {
  meeting: MeetingRow;
  host: string;
  attendance: MeetingAttendance;
  timeZone: string;
  exportedAt: string;
  from?: string;
  to?: string;
}

const ROLE_ZH: Record<MeetingRole, string> = { host: '主持人', cohost: '联席主持人', attendee: '参会人' };
const DEVICE_ZH: Record<string, string> = { phone: '手机', desktop: '电脑' };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };

/** 'YYYY-MM-DD HH:mm' in the zone ('' for none). */
export function zonedText(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export async function attendanceWorkbook(input: AttendanceWorkbookInput): Promise<Buffer> {
  const { meeting: m, timeZone: tz, attendance: a } = input;
  const wb = new ExcelJS.Workbook();
  wb.creator = '校办';
  wb.created = new Date(input.exportedAt);

  const sheet = wb.addWorksheet('签到', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '姓名', key: 'name', width: 14 },
    { header: '部门', key: 'dept', width: 18 },
    { header: '角色', key: 'role', width: 12 },
    { header: '首次加入', key: 'first', width: 18 },
    { header: '最后离开', key: 'last', width: 18 },
    { header: '累计分钟', key: 'minutes', width: 10 },
    { header: '进出次数', key: 'stays', width: 10 },
    { header: '设备', key: 'devices', width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = HEADER_FILL;
  for (const r of a.rows) {
    sheet.addRow({
      name: r.displayName, dept: r.departmentName ?? '', role: r.role ? ROLE_ZH[r.role] : '', first: zonedText(r.firstJoinAt, tz),
      last: r.lastLeaveAt ? zonedText(r.lastLeaveAt, tz) : '仍在会中', minutes: r.totalMinutes, stays: r.stays, devices: r.devices.map((x) => DEVICE_ZH[x] ?? x).join('、'),
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 8 } };

  const absent = wb.addWorksheet('缺席');
  absent.columns = [{ header: '姓名', key: 'name', width: 14 }, { header: '部门', key: 'dept', width: 18 }];
  absent.getRow(1).font = { bold: true };
  for (const p of a.absent) absent.addRow({ name: p.displayName, dept: p.departmentName ?? '' });

  const summary = wb.addWorksheet('概况');
  summary.columns = [{ width: 14 }, { width: 60 }];
  const lines: [string, string | number][] = [
    ['会议', m.title], ['主持人', input.host], ['开始', zonedText(m.startsAt, tz)], ['时长(分钟)', m.durationMin], ['会议号', m.roomNo],
    ...(input.from || input.to ? ([['统计范围', `${zonedText(input.from, tz)} – ${zonedText(input.to, tz)}`]] as [string, string][]) : []),
    ['出席人数', a.rows.length], ['缺席人数', a.absent.length], ['导出时间', zonedText(input.exportedAt, tz)], ['时区', tz],
  ];
  for (const [k, v] of lines) summary.addRow([k, v]).getCell(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
