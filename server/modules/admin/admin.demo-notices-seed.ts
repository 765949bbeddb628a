// Publishes the demo's notices (admin.demo-notices.ts) through the notices service as their authors would, and
// lets the recipients open, confirm, comment and sign them in the order of the story (admin.demo-timeline.ts):
// rosters, receipts, inbox items and the delivery ladder are the service's own. The service stamps every act
// with the seed clock's now, so a last step dates the story back in one transaction: each notice's times and
// receipts, and the inbox items and ladder attempts made for it, move to the story's moments. That step writes
// the notices', inbox's and gateway's tables directly — once, on an empty box, only rows this seed just made.
import sharp from 'sharp';
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import type { NoticesModule } from '../notices/index.js';
import type { OrgService } from '../org/index.js';
import { actingAs } from './admin.demo-forms.js';
import { DEMO_FRESH_ACCOUNTS, DEMO_NOTICES, DEMO_SCHOOL_PUBLISHER, type DemoNotice, type StoryTime } from './admin.demo-notices.js';
import type { DemoDepartment, DemoPerson } from './admin.demo-school.js';
import { planReceipts, schoolCalendar, unit, type SchoolCalendar } from './admin.demo-timeline.js';

/** The part of the notices module the seed drives (app.ts and the CLI pass services.notices). */
export type DemoNoticesPort = Pick<NoticesModule, 'notices'>;

export interface DemoNoticesDeps {
  notices: DemoNoticesPort;
  /** For dating the story back (see the top of this file). */
  sqlite: Sqlite;
  org: OrgService;
  clock: Clock;
  timeZone: string;
  people: ReadonlyMap<string, { id: string; person: DemoPerson }>;
  departments: readonly DemoDepartment[];
  departmentIds: ReadonlyMap<string, string>;
}

const MINUTE = 60_000;

/** The recipients an audience names, by person key: what the service resolves it to, seen from the demo's data. */
export function audienceKeys(n: DemoNotice, people: readonly DemoPerson[], departments: readonly DemoDepartment[]): string[] {
  if ('all' in n.audience) return people.map((p) => p.key);
  const inside = new Set(n.audience.departmentKeys);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of departments) {
      if (d.parentKey && inside.has(d.parentKey) && !inside.has(d.key)) {
        inside.add(d.key);
        grew = true;
      }
    }
  }
  return people.filter((p) => inside.has(p.departmentKey)).map((p) => p.key);
}

/** A handwritten-looking signature: cursive loops derived from the name, drawn like the PWA's signature pad sends it. */
export async function demoSignature(seed: string): Promise<string> {
  let i = 0;
  const r = () => unit(`${seed}:${i++}`);
  const f = (n: number) => n.toFixed(1);
  const paths: string[] = [];
  let x0 = 16 + 12 * r();
  const glyphs = 2 + Math.floor(r() * 2);
  for (let g = 0; g < glyphs; g++) {
    // A prolate cycloid: the pen runs forward and loops back, growing and shrinking like quick handwriting.
    const loops = 2 + Math.floor(r() * 2);
    const width = 55 + 25 * r();
    const a = width / (2 * Math.PI * loops);
    const b = a * (2 + 1.2 * r());
    const height = 16 + 14 * r();
    const phase = 2 * Math.PI * r();
    const base = 52 + 12 * r();
    const tilt = (r() - 0.5) * 4;
    const points: string[] = [];
    for (let k = 0; k <= 48 * loops; k++) {
      const th = (k / 48) * 2 * Math.PI;
      const size = height * (0.65 + 0.45 * Math.sin(th / loops + phase));
      const y = base - size * Math.cos(th) - tilt * th;
      points.push(`${f(x0 + a * th - b * Math.sin(th) + 0.35 * (base - y))} ${f(y)}`); // slanted to the right
    }
    paths.push(`M${points.join(' L')}`);
    x0 += width + 4 + 8 * r();
  }
  paths.push(`M${f(12 + 10 * r())} ${f(92 + 6 * r())} Q${f(x0 / 2)} ${f(80 + 14 * r())} ${f(x0 + 6)} ${f(86 + 8 * r())}`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="110"><g fill="none" stroke="#1f2a44" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round">${paths
    .map((d) => `<path d="${d}"/>`)
    .join('')}</g></svg>`;
  const png = await sharp(Buffer.from(svg)).png({ palette: true, compressionLevel: 9 }).toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

type Act = { at: Date; kind: 'read'; key: string } | { at: Date; kind: 'confirm'; key: string } | { at: Date; kind: 'remind' } | { at: Date; kind: 'withdraw' };

interface Story {
  id: string;
  drafted: Date;
  updated: Date;
  published: Date | null;
  reminded: Date | null;
  withdrawn: Date | null;
  /** Only an end date already past (the service takes future ones itself). */
  expired: Date | null;
  /** Per user id: when they opened and confirmed it. */
  receipts: Map<string, { readAt: Date; confirmedAt: Date | null }>;
}

/** A notice's story on the seed clock: its moments, and the acts in the order they happened. */
interface Plan {
  notice: DemoNotice;
  expires: Date | null;
  scheduled: { on: Date; for: Date } | null;
  published: Date | null;
  acts: Act[];
}

export function planDemoNotice(n: DemoNotice, cal: SchoolCalendar, people: readonly DemoPerson[], departments: readonly DemoDepartment[]): Plan {
  const when = (s: StoryTime) => cal.at(s.date, s.at);
  const expires = n.expires ? when(n.expires(cal)) : null;
  if (n.scheduled) return { notice: n, expires, scheduled: { on: when(n.scheduled.on(cal)), for: when(n.scheduled.for(cal)) }, published: null, acts: [] };
  const published = when(n.published!(cal));
  const withdrawn = n.withdrawn ? when(n.withdrawn.at(cal)) : null;
  const reminded = n.remindedAt ? when(n.remindedAt(cal)) : null;
  const until = new Date(Math.min(cal.now.getTime() - MINUTE, withdrawn?.getTime() ?? Infinity));
  const recipients = audienceKeys(n, people, departments);
  const acts: Act[] = [];
  // The author looks at it once it is out; the documented accounts are left for whoever tries the demo.
  if (recipients.includes(n.by)) acts.push({ at: new Date(published.getTime() + MINUTE), kind: 'read', key: n.by });
  const actors = recipients.filter((k) => k !== n.by && !DEMO_FRESH_ACCOUNTS.has(k));
  const explicit = n.confirmMode === 'click' || n.confirmMode === 'comment' || n.confirmMode === 'signature';
  for (const r of n.receipts ? planReceipts(n.key, actors, n.receipts, published, cal, until) : []) {
    acts.push({ at: r.readAt, kind: 'read', key: r.key });
    if (explicit && r.confirmedAt) acts.push({ at: r.confirmedAt, kind: 'confirm', key: r.key });
  }
  if (reminded && reminded < cal.now) acts.push({ at: reminded, kind: 'remind' });
  if (withdrawn && withdrawn < cal.now) acts.push({ at: withdrawn, kind: 'withdraw' });
  acts.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { notice: n, expires, scheduled: null, published, acts };
}

export async function seedDemoNotices(d: DemoNoticesDeps): Promise<{ notices: number; receipts: number }> {
  const svc = d.notices.notices;
  const cal = schoolCalendar(d.clock.now(), d.timeZone);
  const now = cal.now;
  const people = [...d.people.values()].map((p) => p.person);
  const idOf = (key: string) => {
    const p = d.people.get(key);
    if (!p) throw new Error(`demo school: no person ${key}`);
    return p.id;
  };
  const users = new Map<string, ReturnType<typeof actingAs>>();
  const who = (key: string) => users.get(key) ?? users.set(key, actingAs(d.org, idOf(key))).get(key)!;

  const plans = DEMO_NOTICES.map((n) => planDemoNotice(n, cal, people, d.departments));
  // Signatures are drawn first: what follows is one synchronous transaction (one commit instead of one per act).
  const signatures = new Map<string, string>();
  const signers = plans.filter((p) => p.notice.confirmMode === 'signature').flatMap((p) => p.acts.flatMap((a) => (a.kind === 'confirm' ? [a.key] : [])));
  await Promise.all([...new Set(signers)].map(async (k) => signatures.set(k, await demoSignature(d.people.get(k)!.person.displayName))));

  const stories: Story[] = [];
  d.sqlite.transaction(() => {
    // The admin puts the 校长办公室 clerk on the list of school-wide publishers.
    svc.setSettings(who('sysadmin'), { publisherIds: [idOf(DEMO_SCHOOL_PUBLISHER)] }, null);
    for (const { notice: n, expires, scheduled, published, acts } of plans) {
      const author = who(n.by);
      const { id } = svc.create(author, {
        title: n.title, bodyHtml: n.body(cal), category: n.category, urgency: n.urgency, confirmMode: n.confirmMode, pinned: n.pinned ?? false,
        audience: 'all' in n.audience
          ? { all: true, departmentIds: [], roles: [], userIds: [] }
          : { all: false, departmentIds: n.audience.departmentKeys.map((k) => d.departmentIds.get(k)!), roles: [], userIds: [] },
        attachmentIds: [], expiresAt: expires && expires > now ? expires.toISOString() : null,
      });
      const story: Story = {
        id, drafted: now, updated: now, published, reminded: null, withdrawn: null, expired: expires && expires <= now ? expires : null, receipts: new Map(),
      };
      stories.push(story);
      if (scheduled) {
        svc.publish(author, id, { publishAt: scheduled.for.toISOString() }, null);
        story.updated = scheduled.on;
        story.drafted = new Date(scheduled.on.getTime() - 12 * MINUTE);
        continue;
      }
      story.updated = published!;
      story.drafted = new Date(published!.getTime() - (10 + 30 * unit(`${n.key}:drafted`)) * MINUTE);
      svc.publish(author, id, {}, null);
      for (const a of acts) {
        if (a.kind === 'remind') {
          svc.remind(author, id, null);
          story.reminded = a.at;
        } else if (a.kind === 'withdraw') {
          svc.withdraw(author, id, { reason: n.withdrawn!.reason }, null);
          story.withdrawn = story.updated = a.at;
        } else if (a.kind === 'read') {
          svc.detail(who(a.key), id);
          story.receipts.set(idOf(a.key), { readAt: a.at, confirmedAt: null });
        } else {
          const comment = n.comment?.(cal, a.key, unit(`${n.key}:${a.key}:comment`));
          svc.confirm(who(a.key), id, { ...(comment ? { comment } : {}), ...(n.confirmMode === 'signature' ? { signature: signatures.get(a.key)! } : {}) });
          story.receipts.get(idOf(a.key))!.confirmedAt = a.at;
        }
      }
    }
    dateBack(d.sqlite, stories);
  })();
  return { notices: stories.length, receipts: stories.reduce((sum, st) => sum + st.receipts.size, 0) };
}

const ISO = `'%Y-%m-%dT%H:%M:%fZ'`;
/** A time moved by as much as the row's creation moves to @at. */
const moved = (col: string) => `CASE WHEN ${col} IS NULL THEN NULL ELSE strftime(${ISO}, julianday(${col}) + julianday(@at) - julianday(created_at)) END`;
const itemsOf = `SELECT item_id FROM notice_deliveries WHERE notice_id = @id AND kind = @kind`;

/** Moves what the service stamped "now" to the story's moments (see the top of this file); inside the seed's transaction. */
function dateBack(sqlite: Sqlite, stories: Story[]): void {
  const s = {
    notice: sqlite.prepare(`UPDATE notices SET created_at = @drafted, updated_at = @updated,
      published_at = CASE WHEN published_at IS NULL THEN NULL ELSE @published END, version_at = CASE WHEN version_at IS NULL THEN NULL ELSE @published END,
      last_reminded_at = CASE WHEN last_reminded_at IS NULL THEN NULL ELSE @reminded END, withdrawn_at = CASE WHEN withdrawn_at IS NULL THEN NULL ELSE @withdrawn END,
      expires_at = coalesce(@expired, expires_at) WHERE id = @id`),
    recipients: sqlite.prepare(`UPDATE notice_recipients SET published_at = @at, delivered_at = CASE WHEN delivered_at IS NULL THEN NULL ELSE @at END WHERE notice_id = @id`),
    receipt: sqlite.prepare(`UPDATE notice_recipients SET read_at = @readAt,
      confirmed_at = CASE WHEN confirmed_at IS NULL THEN NULL ELSE coalesce(@confirmedAt, @readAt) END WHERE notice_id = @id AND user_id = @user`),
    // Attempts first: they move by their own creation time, which is the item's.
    attempts: sqlite.prepare(`UPDATE delivery_attempts SET due_at = ${moved('due_at')}, updated_at = ${moved('updated_at')}, sent_at = ${moved('sent_at')},
      delivered_at = ${moved('delivered_at')}, created_at = @at WHERE item_id IN (${itemsOf})`),
    items: sqlite.prepare(`UPDATE inbox_items SET created_at = @at WHERE id IN (${itemsOf})`),
    deliveries: sqlite.prepare(`UPDATE notice_deliveries SET created_at = @at WHERE notice_id = @id AND kind = @kind`),
    itemRead: sqlite.prepare(`UPDATE inbox_items SET read_at = @at, seen_at = @at
      WHERE read_at IS NOT NULL AND id IN (SELECT item_id FROM notice_deliveries WHERE notice_id = @id AND kind = @kind AND user_id = @user)`),
  };
  const iso = (t: Date | null) => t?.toISOString() ?? null;
  for (const st of stories) {
    s.notice.run({
      id: st.id, drafted: iso(st.drafted), updated: iso(st.updated), published: iso(st.published), reminded: iso(st.reminded), withdrawn: iso(st.withdrawn), expired: iso(st.expired),
    });
    if (!st.published) continue;
    s.recipients.run({ id: st.id, at: iso(st.published) });
    const sent: [string, Date][] = [['published', st.published]];
    if (st.reminded) sent.push(['reminder', st.reminded]);
    for (const [kind, at] of sent) {
      const args = { id: st.id, kind, at: iso(at) };
      s.attempts.run(args);
      s.items.run(args);
      s.deliveries.run(args);
    }
    for (const [user, r] of st.receipts) {
      s.receipt.run({ id: st.id, user, readAt: iso(r.readAt), confirmedAt: iso(r.confirmedAt) });
      // An inbox item was read by the first act after it arrived (a reminder only by what came after it).
      for (const [kind, at] of sent) {
        const first = [r.readAt, r.confirmedAt].filter((x): x is Date => x !== null && x >= at).sort((a, b) => a.getTime() - b.getTime())[0];
        if (first) s.itemRead.run({ id: st.id, kind, user, at: iso(first) });
      }
    }
  }
}
