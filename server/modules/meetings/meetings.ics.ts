// iCalendar (RFC 5545) written by hand: one VEVENT per meeting (RRULE for recurrences) with its time zone as a
// VTIMEZONE, for the invitation download (METHOD:REQUEST, or CANCEL once cancelled) and the personal feed
// (METHOD:PUBLISH). Lines are folded at 75 octets without splitting a UTF-8 character; text values escape
// backslash, semicolon, comma and newlines. Pure.
import type { MeetingRecurrence } from './meetings.dto.js';
import { untilInstant, zoneOffset } from '../../lib/recurrence.js';

export interface IcsPerson {
  name: string;
  email: string | null;
  /** Stable fallback address when the person has no e-mail (calendar clients need a cal-address). */
  id: string;
}

export interface IcsEvent {
  uid: string;
  sequence: number;
  title: string;
  description: string;
  /** Absolute join URL. */
  url: string;
  startsAt: string;
  durationMin: number;
  timeZone: string;
  recurrence: MeetingRecurrence | null;
  cancelled: boolean;
  organizer: IcsPerson;
  attendees: (IcsPerson & { response: 'none' | 'accepted' | 'declined' | 'tentative'; role: 'host' | 'cohost' | 'attendee' })[];
  created: string;
  updated: string;
}

const CRLF = '\r\n';
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const PARTSTAT = { none: 'NEEDS-ACTION', accepted: 'ACCEPTED', declined: 'DECLINED', tentative: 'TENTATIVE' } as const;

/** TEXT escaping (RFC 5545 §3.3.11). */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value (CN=…): quoted, with characters a quoted string may not hold dropped. */
function paramValue(s: string): string {
  return `"${s.replace(/["\r\n\u0000-\u001f]/g, '')}"`;
}

/** Folds a content line at 75 octets; continuation lines start with one space (which counts). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (octets + n > limit) {
      out.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space takes one octet
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** 20260901T080000Z */
export function utcStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}
/** Local time in the zone without 'Z', for DTSTART;TZID=… */
function localStamp(ms: number, timeZone: string): string {
  return utcStamp(ms + zoneOffset(ms, timeZone)).slice(0, -1);
}

function offsetText(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const m = Math.abs(ms) / 60_000;
  return `${sign}${pad(Math.floor(m / 60))}${pad(m % 60)}`;
}

/**
 * The zone as a VTIMEZONE. Schools here are in zones without daylight saving (Asia/Shanghai): one STANDARD
 * rule with the zone's offset. A zone whose offset changes within the year gets its January offset only
 * (noted in the README's decisions: the product's schools are in China).
 */
export function vtimezone(timeZone: string, aroundMs: number): string[] {
  const year = new Date(aroundMs).getUTCFullYear();
  const off = zoneOffset(Date.UTC(year, 0, 1), timeZone);
  const abbr = timeZone === 'Asia/Shanghai' ? 'CST' : offsetText(off);
  return ['BEGIN:VTIMEZONE', `TZID:${timeZone}`, 'BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offsetText(off)}`, `TZOFFSETTO:${offsetText(off)}`, `TZNAME:${abbr}`, 'END:STANDARD', 'END:VTIMEZONE'];
}

export function rrule(r: MeetingRecurrence, timeZone: string): string {
  const parts = [`FREQ=${r.freq.toUpperCase()}`, `INTERVAL=${r.interval}`];
  if (r.byWeekday?.length) parts.push(`BYDAY=${[...r.byWeekday].sort().map((d) => WEEKDAYS[d - 1]).join(',')}`);
  // With a zoned DTSTART, UNTIL must be UTC (RFC 5545 §3.3.10).
  if (r.until !== undefined) parts.push(`UNTIL=${utcStamp(untilInstant(r.until, timeZone))}`);
  if (r.count !== undefined) parts.push(`COUNT=${r.count}`);
  parts.push('WKST=MO');
  return `RRULE:${parts.join(';')}`;
}

function address(p: IcsPerson): string {
  return `mailto:${p.email ?? `${p.id}@xiaoban.invalid`}`;
}

function vevent(e: IcsEvent, stampMs: number): string[] {
  const start = Date.parse(e.startsAt);
  const end = start + e.durationMin * 60_000;
  const lines = [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${utcStamp(stampMs)}`,
    `CREATED:${utcStamp(Date.parse(e.created))}`,
    `LAST-MODIFIED:${utcStamp(Date.parse(e.updated))}`,
    `DTSTART;TZID=${e.timeZone}:${localStamp(start, e.timeZone)}`,
    `DTEND;TZID=${e.timeZone}:${localStamp(end, e.timeZone)}`,
  ];
  if (e.recurrence) lines.push(rrule(e.recurrence, e.timeZone));
  lines.push(`SUMMARY:${escapeText(e.title)}`);
  lines.push(`DESCRIPTION:${escapeText([e.description.trim(), `加入会议 / Join: ${e.url}`].filter(Boolean).join('\n\n'))}`);
  lines.push(`URL:${e.url}`, `LOCATION:${escapeText(e.url)}`);
  lines.push(`ORGANIZER;CN=${paramValue(e.organizer.name)}:${address(e.organizer)}`);
  for (const a of e.attendees) {
    const role = a.role === 'attendee' ? 'REQ-PARTICIPANT' : 'CHAIR';
    lines.push(`ATTENDEE;CN=${paramValue(a.name)};ROLE=${role};PARTSTAT=${PARTSTAT[a.response]};RSVP=${a.response === 'none' ? 'TRUE' : 'FALSE'}:${address(a)}`);
  }
  lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, 'TRANSP:OPAQUE');
  if (!e.cancelled) lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${escapeText(e.title)}`, 'TRIGGER:-PT15M', 'END:VALARM');
  lines.push('END:VEVENT');
  return lines;
}

/** A whole VCALENDAR; `name` titles a feed (X-WR-CALNAME). */
export function calendar(events: IcsEvent[], opts: { method: 'REQUEST' | 'CANCEL' | 'PUBLISH'; now: number; name?: string }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//xiaoban//校办 meetings//ZH', 'CALSCALE:GREGORIAN', `METHOD:${opts.method}`];
  if (opts.name) lines.push(`X-WR-CALNAME:${escapeText(opts.name)}`);
  const zones = new Set(events.map((e) => e.timeZone));
  for (const z of zones) lines.push(...vtimezone(z, opts.now));
  for (const e of events) lines.push(...vevent(e, opts.now));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
