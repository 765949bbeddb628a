// Annotations on document previews: notes, highlights and ink on one page of one version, with replies, an
// assignee who is asked to deal with them, and open/resolved status. Access always comes from the file via
// the checkpoint: an annotation on a file someone may not see does not exist for them.
import type { CurrentUser } from '../../core/request-context.js';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import type { Sqlite } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { CommonErrors } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { AuditService } from '../audit/index.js';
import type { LocalizedText } from '../inbox/index.js';
import type { Gateway } from '../gateway/index.js';
import type { OrgService } from '../org/index.js';
import { atLeast, type Viewer } from './files.access.js';
import { AnnotationErrors } from './files.annotations.errors.js';
import type { Checkpoint, Resolved } from './files.checkpoint.js';
import type { Annotation, AnnotationCreate, AnnotationPatch, AnnotationReply, AnnotationShape } from './files.dto.js';
import { FilesErrors } from './files.errors.js';
import type { FilesRepo } from './files.repo.js';

export interface AnnotationsDeps {
  sqlite: Sqlite;
  repo: FilesRepo;
  checkpoint: Checkpoint;
  org: OrgService;
  gateway: Pick<Gateway, 'deliver'>;
  hub: RealtimeHub;
  clock: Clock;
  audit: AuditService;
  /** The access identity of any person (to check an assignee), null when unknown or inactive. Default: viewerOfPerson(org, checkpoint). */
  viewerOfUserId?: (userId: string) => Viewer | null;
}

export type AssignedFilter = 'open' | 'resolved' | 'all';

interface Row {
  id: string;
  fileId: string;
  fileName: string;
  versionId: string;
  versionNumber: number;
  page: number;
  shape: string;
  colour: string;
  text: string;
  authorId: string;
  assigneeId: string | null;
  status: 'open' | 'resolved';
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

interface ReplyRow {
  id: string;
  annotationId: string;
  authorId: string;
  body: string;
  createdAt: string;
}

const SELECT = `SELECT a.id, a.node_id AS fileId, n.name AS fileName, a.version_id AS versionId, v.number AS versionNumber, a.page, a.shape,
  a.colour, a.text, a.author_id AS authorId, a.assignee_id AS assigneeId, a.status, a.resolved_by AS resolvedBy, a.resolved_at AS resolvedAt,
  a.created_at AS createdAt
  FROM file_annotations a JOIN file_versions v ON v.id = a.version_id JOIN file_nodes n ON n.id = a.node_id`;

/** A person's list of assigned annotations shows this many of the newest. */
const ASSIGNED_LIMIT = 1000;
const BODY_CLIP = 200;

const clip = (text: string) => (text.length > BODY_CLIP ? `${text.slice(0, BODY_CLIP - 1)}…` : text);

/** The Viewer a person would have if they signed in now (mirrors the session resolver + checkpoint.viewerOf). */
export function viewerOfPerson(org: OrgService, checkpoint: Checkpoint): (userId: string) => Viewer | null {
  return (userId) => {
    const u = org.userRow(userId);
    if (!u?.active) return null;
    const roles = org.grants(userId);
    const { permissions, scopedPermissions } = org.permissionsOf(roles);
    return checkpoint.viewerOf({
      id: u.id, username: u.username, displayName: u.displayName, departmentId: u.departmentId, locale: u.locale, sessionId: '',
      roles, permissions, scopedPermissions, mustChangePassword: false, mustEnrollTotp: false,
    });
  };
}

export function createAnnotationsService(d: AnnotationsDeps) {
  const { sqlite, repo, checkpoint, clock } = d;
  const viewerOfUserId = d.viewerOfUserId ?? viewerOfPerson(d.org, checkpoint);
  const now = () => clock.now().toISOString();
  const s = {
    one: sqlite.prepare(`${SELECT} WHERE a.id = ?`),
    // rowid breaks ties between annotations made within the same millisecond
    ofFile: sqlite.prepare(`${SELECT} WHERE a.node_id = ? ORDER BY a.created_at, a.rowid`),
    assigned: sqlite.prepare(`${SELECT} WHERE a.assignee_id = ? AND (? = 'all' OR a.status = ?) ORDER BY a.created_at DESC, a.rowid DESC LIMIT ?`),
    replies: sqlite.prepare(`SELECT id, annotation_id AS annotationId, author_id AS authorId, body, created_at AS createdAt
      FROM file_annotation_replies WHERE annotation_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid`),
    insert: sqlite.prepare(`INSERT INTO file_annotations (id, node_id, version_id, page, shape, colour, text, author_id, assignee_id, status, created_at, updated_at)
      VALUES (@id, @fileId, @versionId, @page, @shape, @colour, @text, @authorId, @assigneeId, 'open', @at, @at)`),
    update: sqlite.prepare(`UPDATE file_annotations SET text = @text, assignee_id = @assigneeId, status = @status, resolved_by = @resolvedBy,
      resolved_at = @resolvedAt, updated_at = @at WHERE id = @id`),
    remove: sqlite.prepare(`DELETE FROM file_annotations WHERE id = ?`),
    insertReply: sqlite.prepare(`INSERT INTO file_annotation_replies (id, annotation_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)`),
    touch: sqlite.prepare(`UPDATE file_annotations SET updated_at = ? WHERE id = ?`),
  };
  const row = (id: string) => s.one.get(id) as Row | undefined;

  /** Rows as the API shows them: one query for all replies, one for all names. */
  function describe(rows: Row[]): Annotation[] {
    if (!rows.length) return [];
    const replies = s.replies.all(JSON.stringify(rows.map((r) => r.id))) as ReplyRow[];
    const names = repo.userNames([...rows.flatMap((r) => [r.authorId, r.assigneeId, r.resolvedBy]), ...replies.map((r) => r.authorId)]);
    const byAnnotation = new Map<string, AnnotationReply[]>();
    for (const r of replies) {
      const list = byAnnotation.get(r.annotationId) ?? [];
      list.push({ id: r.id, authorId: r.authorId, authorName: names.get(r.authorId) ?? '', body: r.body, createdAt: r.createdAt });
      byAnnotation.set(r.annotationId, list);
    }
    return rows.map((r) => ({
      id: r.id, fileId: r.fileId, fileName: r.fileName, versionId: r.versionId, versionNumber: r.versionNumber, page: r.page,
      shape: JSON.parse(r.shape) as AnnotationShape, colour: r.colour, text: r.text, authorId: r.authorId, authorName: names.get(r.authorId) ?? '',
      assigneeId: r.assigneeId, assigneeName: r.assigneeId ? (names.get(r.assigneeId) ?? null) : null, status: r.status,
      resolvedByName: r.resolvedBy ? (names.get(r.resolvedBy) ?? null) : null, resolvedAt: r.resolvedAt, createdAt: r.createdAt,
      replies: byAnnotation.get(r.id) ?? [],
    }));
  }

  /** The annotation and the caller's access to its file; an invisible file makes it as missing as a deleted one. */
  function load(user: CurrentUser, id: string): { a: Row; file: Resolved } {
    const a = row(id);
    const file = a ? checkpoint.resolve(checkpoint.viewerOf(user), a.fileId) : null;
    if (!a || !file) throw FilesErrors.annotationNotFound();
    return { a, file };
  }

  const canSee = (userId: string, fileId: string): boolean => {
    const viewer = viewerOfUserId(userId);
    return !!viewer && !!checkpoint.resolve(viewer, fileId);
  };

  function checkAssignee(assigneeId: string, fileId: string): void {
    if (!d.org.userRow(assigneeId)?.active) throw AnnotationErrors.assigneeInvalid(undefined, { assigneeId });
    if (!canSee(assigneeId, fileId)) throw AnnotationErrors.assigneeNoAccess(undefined, { assigneeId });
  }

  /** Inbox items for the people involved — never the actor, and never someone who can no longer see the file (its name would leak). */
  function notify(to: (string | null)[], actor: CurrentUser, a: Row, kind: string, title: LocalizedText, body: string): void {
    const recipients = [...new Set(to.filter((id): id is string => !!id && id !== actor.id))].filter((id) => canSee(id, a.fileId));
    if (!recipients.length) return;
    d.gateway.deliver(recipients, {
      category: 'annotation',
      kind, title, body: clip(body), link: `/files/p/${a.fileId}?v=${a.versionId}&a=${a.id}`, urgency: 'normal', source: { type: 'file_annotation', id: a.id },
    });
  }

  const notifyAssigned = (actor: CurrentUser, a: Row) =>
    notify([a.assigneeId], actor, a, 'files.annotation_assigned', {
      'zh-CN': `${actor.displayName} 请你处理批注：${a.fileName}`,
      en: `${actor.displayName} assigned you an annotation on ${a.fileName}`,
    }, a.text);

  /** Open previews and assigned lists of everyone involved refresh. */
  function changed(fileId: string, people: (string | null)[]): void {
    for (const id of new Set(people.filter((p): p is string => !!p))) d.hub.publish({ topic: `user:${id}`, name: 'files.annotations', data: { fileId } });
  }

  return {
    /** Annotations of every version of a file, oldest first. */
    list(user: CurrentUser, fileId: string): Annotation[] {
      checkpoint.require(checkpoint.viewerOf(user), fileId, 'view');
      return describe(s.ofFile.all(fileId) as Row[]);
    },

    /** Viewing is enough: commenting is part of reviewing. */
    create(user: CurrentUser, fileId: string, input: AnnotationCreate): Annotation {
      const file = checkpoint.require(checkpoint.viewerOf(user), fileId, 'view');
      const version = repo.version(input.versionId);
      if (file.node.kind !== 'file' || !version || version.nodeId !== fileId) throw CommonErrors.notFound('No such version of this file');
      const pages = repo.preview(version.id)?.pages;
      if (pages && input.page > pages) throw AnnotationErrors.pageInvalid(`This version has ${pages} pages`, { pages });
      const assigneeId = input.assigneeId ?? null;
      if (assigneeId) checkAssignee(assigneeId, fileId);
      const id = newId();
      s.insert.run({
        id, fileId, versionId: version.id, page: input.page, shape: JSON.stringify(input.shape), colour: input.colour, text: input.text.trim(),
        authorId: user.id, assigneeId, at: now(),
      });
      const a = row(id)!;
      if (assigneeId) notifyAssigned(user, a);
      changed(fileId, [user.id, assigneeId]);
      return describe([a])[0]!;
    },

    /**
     * text: the author. assigneeId and status: the author, the assignee or anyone who may edit the file.
     * A field sent with its current value is no change and needs no right.
     */
    update(user: CurrentUser, id: string, patch: AnnotationPatch): Annotation {
      const { a, file } = load(user, id);
      const involved = a.authorId === user.id || a.assigneeId === user.id || atLeast(file.level, 'edit');
      const text = patch.text === undefined ? a.text : patch.text.trim();
      const assigneeId = patch.assigneeId === undefined ? a.assigneeId : patch.assigneeId;
      const status = patch.status ?? a.status;
      if (text !== a.text && a.authorId !== user.id) throw FilesErrors.notAllowed('Only the author can change the text', { field: 'text' });
      if (assigneeId !== a.assigneeId && !involved) throw FilesErrors.notAllowed('Only the author, the assignee or an editor can reassign', { field: 'assigneeId' });
      if (status !== a.status && !involved) throw FilesErrors.notAllowed('Only the author, the assignee or an editor can resolve or reopen', { field: 'status' });
      if (assigneeId && assigneeId !== a.assigneeId) checkAssignee(assigneeId, a.fileId);
      if (text === a.text && assigneeId === a.assigneeId && status === a.status) return describe([a])[0]!;

      const at = now();
      const resolving = status === 'resolved' && a.status !== 'resolved';
      s.update.run({
        id, text, assigneeId, status, at,
        resolvedBy: status === 'open' ? null : resolving ? user.id : a.resolvedBy,
        resolvedAt: status === 'open' ? null : resolving ? at : a.resolvedAt,
      });
      const next = row(id)!;
      if (assigneeId && assigneeId !== a.assigneeId) notifyAssigned(user, next);
      if (resolving) {
        notify([a.authorId], user, next, 'files.annotation_resolved', {
          'zh-CN': `${user.displayName} 已处理你的批注：${next.fileName}`,
          en: `${user.displayName} resolved your annotation on ${next.fileName}`,
        }, next.text);
      }
      changed(a.fileId, [a.authorId, a.assigneeId, assigneeId, user.id]);
      return describe([next])[0]!;
    },

    /** The author, or whoever manages the file. Replies go with it. */
    remove(user: CurrentUser, id: string): void {
      const { a, file } = load(user, id);
      if (a.authorId !== user.id && !atLeast(file.level, 'manage')) throw FilesErrors.notAllowed('Only the author can delete an annotation', { needed: 'manage', have: file.level });
      s.remove.run(id);
      d.audit.record({
        event: 'files.annotation_deleted', actor: user, target: { type: 'file', id: a.fileId, name: a.fileName },
        details: { annotationId: id, authorId: a.authorId, page: a.page, versionNumber: a.versionNumber },
      });
      changed(a.fileId, [a.authorId, a.assigneeId, user.id]);
    },

    /** Anyone who can view the file may take part in the discussion. */
    reply(user: CurrentUser, id: string, body: string): Annotation {
      const { a } = load(user, id);
      const text = body.trim();
      if (!text) throw CommonErrors.validation('The reply is empty', { field: 'body' });
      const at = now();
      repo.tx(() => {
        s.insertReply.run(newId(), id, user.id, text, at);
        s.touch.run(at, id);
      });
      notify([a.authorId, a.assigneeId], user, a, 'files.annotation_reply', {
        'zh-CN': `${user.displayName} 回复了批注：${a.fileName}`,
        en: `${user.displayName} replied to an annotation on ${a.fileName}`,
      }, text);
      changed(a.fileId, [a.authorId, a.assigneeId, user.id]);
      return describe([a])[0]!;
    },

    /** Assigned to me, newest first; files I can no longer see or that are in the bin are left out. */
    assigned(user: CurrentUser, status: AssignedFilter): Annotation[] {
      const rows = s.assigned.all(user.id, status, status, ASSIGNED_LIMIT) as Row[];
      const nodes = repo.nodes([...new Set(rows.map((r) => r.fileId))]);
      const visible = checkpoint.levels(checkpoint.viewerOf(user), [...nodes.values()]);
      return describe(rows.filter((r) => visible.has(r.fileId)));
    },
  };
}
export type AnnotationsService = ReturnType<typeof createAnnotationsService>;
