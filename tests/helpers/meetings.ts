// Meeting helpers for API tests: an input with defaults, calls that fail loudly, the inbox items meetings sent,
// and a small iCalendar reader (unfold, split properties, check BEGIN/END nesting) to check what we write.
import type { App } from '../../server/app.js';
import type { MeetingDetail, MeetingInput } from '../../server/modules/meetings/meetings.dto.js';
import { ok } from './notices.js';

export function meetingInput(patch: Partial<MeetingInput> = {}): MeetingInput {
  return {
    title: '教研组周例会', agenda: '1. 期中考试安排\n2. 公开课', startsAt: '2026-09-02T02:00:00.000Z', durationMin: 60, recurrence: null,
    invitees: { userIds: [], departmentIds: [] }, cohostIds: [], lobby: false, cameraOffAbove: 25, annotate: 'presenter', attachmentFileIds: [], ...patch,
  };
}

export async function createMeeting(app: App, cookie: string, patch: Partial<MeetingInput> = {}): Promise<MeetingDetail> {
  return ok<MeetingDetail>(await app.inject({ method: 'POST', url: '/api/meetings', headers: { cookie }, payload: meetingInput(patch) }), 201, 'create meeting');
}

export interface InboxRow {
  userId: string;
  kind: string;
  title: string;
  link: string | null;
  urgency: string;
}
/** Inbox items meetings sent about one meeting, oldest first. */
export function meetingItems(app: App, meetingId: string, kind?: string): InboxRow[] {
  return app.services.db.sqlite
    .prepare(
      `SELECT user_id AS userId, kind, title, link, urgency FROM inbox_items WHERE source_type = 'meeting' AND source_id = ? ${kind ? 'AND kind = ?' : ''}
       ORDER BY created_at, rowid`,
    )
    .all(...(kind ? [meetingId, kind] : [meetingId])) as InboxRow[];
}

export interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}
export interface IcsComponent {
  name: string;
  props: IcsProperty[];
  children: IcsComponent[];
}

/**
 * Parses iCalendar text strictly enough to catch our mistakes: CRLF line ends, no line over 75 octets, folded
 * lines joined, BEGIN/END balanced and properly nested. Throws on a violation.
 */
export function parseIcs(text: string): IcsComponent {
  if (!text.endsWith('\r\n')) throw new Error('does not end with CRLF');
  const raw = text.slice(0, -2).split('\r\n');
  for (const l of raw) {
    if (l.includes('\n') || l.includes('\r')) throw new Error(`bare line break in ${JSON.stringify(l)}`);
    if (Buffer.byteLength(l, 'utf8') > 75) throw new Error(`line over 75 octets: ${l}`);
    if (Buffer.from(l, 'utf8').toString('utf8') !== l || l.includes('\uFFFD')) throw new Error('broken UTF-8');
  }
  const lines: string[] = [];
  for (const l of raw) {
    if (l.startsWith(' ') || l.startsWith('\t')) {
      if (!lines.length) throw new Error('continuation without a line');
      lines[lines.length - 1] += l.slice(1);
    } else lines.push(l);
  }
  const stack: IcsComponent[] = [];
  let root: IcsComponent | null = null;
  for (const line of lines) {
    const m = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^;:,"]*))*):(.*)$/.exec(line);
    if (!m) throw new Error(`not a content line: ${line}`);
    const name = m[1]!.toUpperCase();
    const params = Object.fromEntries([...m[2]!.matchAll(/;([A-Za-z0-9-]+)=("[^"]*"|[^;:,"]*)/g)].map((p) => [p[1]!.toUpperCase(), p[2]!.replace(/^"|"$/g, '')]));
    const value = m[3]!;
    if (name === 'BEGIN') {
      const c: IcsComponent = { name: value, props: [], children: [] };
      if (stack.length) stack[stack.length - 1]!.children.push(c);
      else if (root) throw new Error('two top-level components');
      else root = c;
      stack.push(c);
    } else if (name === 'END') {
      const top = stack.pop();
      if (!top || top.name !== value) throw new Error(`END:${value} does not close ${top?.name ?? 'nothing'}`);
    } else {
      if (!stack.length) throw new Error(`property outside a component: ${line}`);
      stack[stack.length - 1]!.props.push({ name, params, value });
    }
  }
  if (stack.length || !root) throw new Error('unbalanced BEGIN/END');
  return root;
}

export const prop = (c: IcsComponent, name: string) => c.props.find((p) => p.name === name);
export const props = (c: IcsComponent, name: string) => c.props.filter((p) => p.name === name);
export const child = (c: IcsComponent, name: string) => c.children.filter((x) => x.name === name);
/** TEXT unescaping (the reverse of RFC 5545 §3.3.11). */
export const unescapeText = (s: string) => s.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
