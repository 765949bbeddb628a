// Handing out bytes: downloads with HTTP Range and RFC 6266 names, preview PDFs and thumbnails.
// 敏感/机密 items leave the box only watermarked with the viewer's name and the time, and each hand-out is audited.
import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CurrentUser } from '../../core/request-context.js';
import type { AuditService } from '../audit/index.js';
import { atLeast, needsWatermark } from './files.access.js';
import type { BlobStore } from './files.blobs.js';
import type { Checkpoint, Resolved } from './files.checkpoint.js';
import type { PreviewInfo } from './files.dto.js';
import { FilesErrors } from './files.errors.js';
import { contentDisposition } from './files.names.js';
import { previewKind, type Previews } from './files.previews.js';
import type { FilesRepo, VersionRow } from './files.repo.js';
import { watermarkText } from './files.service.js';
import { IMAGE_MIME } from './files.thumbs.js';
import { WATERMARK_MAX_BYTES, watermarkImage, watermarkPdf } from './files.watermark.js';
import type { Clock } from '../../lib/clock.js';

/** Preview PDFs and thumbnails never change for a version: browsers and the service worker may keep them. */
const IMMUTABLE = 'private, max-age=2592000, immutable';

export interface ContentDeps {
  repo: FilesRepo;
  checkpoint: Checkpoint;
  blobs: BlobStore;
  audit: AuditService;
  clock: Clock;
  previews: Previews;
  timeZone: () => string;
}

interface Body {
  mime: string;
  name: string;
  etag: string;
  file?: string;
  bytes?: Uint8Array;
}

/** Parses one "bytes=a-b" range; multi-range requests get the whole file (allowed by RFC 9110). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return header.includes(',') ? null : 'invalid';
  const [, a, b] = m;
  if (a === '' && b === '') return 'invalid';
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

function send(req: FastifyRequest, reply: FastifyReply, body: Body, disposition: 'inline' | 'attachment', cache = 'private, max-age=0, must-revalidate') {
  reply.header('content-type', body.mime);
  reply.header('content-disposition', contentDisposition(disposition, body.name));
  reply.header('etag', `"${body.etag}"`);
  reply.header('cache-control', body.bytes ? 'private, no-store' : cache);
  reply.header('x-content-type-options', 'nosniff');
  if (req.headers['if-none-match'] === `"${body.etag}"`) return reply.code(304).send();
  if (body.bytes) {
    reply.header('content-length', body.bytes.byteLength);
    return reply.send(Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength));
  }
  const size = statSync(body.file!).size;
  reply.header('accept-ranges', 'bytes');
  const ifRange = req.headers['if-range'];
  const range = ifRange && ifRange !== `"${body.etag}"` ? null : parseRange(req.headers.range, size);
  if (range === 'invalid') {
    reply.header('content-range', `bytes */${size}`);
    throw FilesErrors.rangeInvalid(`The file has ${size} bytes`, { size }, { 'content-range': `bytes */${size}` });
  }
  if (range) {
    reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1);
    return reply.send(createReadStream(body.file!, { start: range.start, end: range.end }));
  }
  reply.header('content-length', size);
  return reply.send(createReadStream(body.file!));
}

export function createContent(d: ContentDeps) {
  const { repo, checkpoint, blobs } = d;

  function versionOf(r: Resolved, versionId: string | undefined): VersionRow {
    const id = versionId ?? r.node.currentVersionId;
    const v = id ? repo.version(id) : undefined;
    if (!v || v.nodeId !== r.node.id) throw FilesErrors.notFound();
    return v;
  }

  async function stamped(kind: 'pdf' | 'image', file: string, size: number, text: string): Promise<{ bytes: Uint8Array; mime?: string }> {
    if (size > WATERMARK_MAX_BYTES) throw FilesErrors.watermarkFailed('The file is too large to watermark');
    try {
      const input = await readFile(file);
      if (kind === 'pdf') return { bytes: await watermarkPdf(input, text) };
      const out = await watermarkImage(input, text);
      return { bytes: out.data, mime: out.mime };
    } catch (err) {
      throw FilesErrors.watermarkFailed(err instanceof Error ? err.message : String(err));
    }
  }

  function audit(user: CurrentUser, r: Resolved, v: VersionRow, event: string, ip: string) {
    if (needsWatermark(r.label)) d.audit.record({ event, actor: user, target: { type: 'file', id: r.node.id, name: r.node.name }, ip, details: { version: v.number, sensitivity: r.label } });
  }

  /** The PDF a preview shows: the file itself, or its LibreOffice conversion. */
  function previewPdfPath(v: VersionRow, name: string): string | null {
    if (v.mime === 'application/pdf') return blobs.pathOf(v.sha256);
    const p = repo.preview(v.id);
    return p?.status === 'ready' && p.pdfSha256 && previewKind(v.mime, name) === 'pdf' ? blobs.pathOf(p.pdfSha256) : null;
  }

  return {
    async download(req: FastifyRequest, reply: FastifyReply, user: CurrentUser, id: string, q: { version?: string; inline?: boolean }) {
      const viewer = checkpoint.viewerOf(user);
      const r = checkpoint.require(viewer, id, 'view');
      if (r.node.kind !== 'file') throw FilesErrors.notFound();
      const v = versionOf(r, q.version);
      // Showing an image or PDF inline is a preview (view); taking the file away is a download.
      const inlinePreview = q.inline === true && (IMAGE_MIME.has(v.mime) || v.mime === 'application/pdf');
      if (!inlinePreview && !atLeast(r.level, 'download')) throw FilesErrors.notAllowed('Downloading needs download access', { needed: 'download', have: r.level });
      const base: Body = { mime: v.mime, name: r.node.name, etag: v.sha256, file: blobs.pathOf(v.sha256) };
      if (needsWatermark(r.label)) {
        const text = watermarkText(user.displayName, d.clock.now(), d.timeZone());
        let body: Body;
        if (v.mime === 'application/pdf') body = { ...base, file: undefined, bytes: (await stamped('pdf', base.file!, v.size, text)).bytes, etag: `${v.sha256}-${user.id}-${Date.now()}` };
        else if (IMAGE_MIME.has(v.mime)) {
          const out = await stamped('image', base.file!, v.size, text);
          body = { ...base, file: undefined, bytes: out.bytes, mime: out.mime ?? v.mime, etag: `${v.sha256}-${user.id}-${Date.now()}` };
        } else if (atLeast(r.level, 'edit')) body = base; // editors need the original document to work on it
        else {
          const pdf = previewPdfPath(v, r.node.name);
          if (!pdf) throw FilesErrors.watermarkFailed('This file can only be handed out as a watermarked PDF, and its PDF is not ready');
          body = { mime: 'application/pdf', name: `${r.node.name}.pdf`, etag: `${v.sha256}-${user.id}-${Date.now()}`, bytes: (await stamped('pdf', pdf, statSync(pdf).size, text)).bytes };
        }
        audit(user, r, v, inlinePreview ? 'files.previewed' : 'files.downloaded', req.ip);
        return send(req, reply, body, inlinePreview ? 'inline' : 'attachment');
      }
      return send(req, reply, base, inlinePreview ? 'inline' : 'attachment');
    },
    previewInfo(user: CurrentUser, id: string, versionId: string | undefined): PreviewInfo {
      const r = checkpoint.require(checkpoint.viewerOf(user), id, 'view');
      if (r.node.kind !== 'file') throw FilesErrors.notFound();
      const v = versionOf(r, versionId);
      const kind = previewKind(v.mime, r.node.name);
      const watermark = needsWatermark(r.label) ? watermarkText(user.displayName, d.clock.now(), d.timeZone()) : null;
      if (kind === 'none') return { versionId: v.id, status: 'none', kind, url: null, pages: null, error: null, watermark };
      let p = repo.preview(v.id);
      if (!p) {
        d.previews.queue(v, r.node);
        p = repo.preview(v.id);
      }
      // PDFs and images are shown as they are; only office files wait for their conversion.
      const converted = kind === 'pdf' && v.mime !== 'application/pdf';
      const status = converted ? (p?.status === 'none' ? 'failed' : (p?.status ?? 'pending')) : 'ready';
      const url = kind === 'image' ? `/api/files/nodes/${r.node.id}/content?version=${v.id}&inline=true` : `/api/files/versions/${v.id}/preview.pdf`;
      return { versionId: v.id, status, kind, url: status === 'ready' ? url : null, pages: p?.pages ?? null, error: converted && p?.status === 'failed' ? p.error : null, watermark };
    },
    async previewPdf(req: FastifyRequest, reply: FastifyReply, user: CurrentUser, versionId: string) {
      const v = repo.version(versionId);
      if (!v) throw FilesErrors.notFound();
      const r = checkpoint.require(checkpoint.viewerOf(user), v.nodeId, 'view');
      const pdf = previewPdfPath(v, r.node.name);
      if (!pdf) throw FilesErrors.notFound();
      const name = r.node.name.toLowerCase().endsWith('.pdf') ? r.node.name : `${r.node.name}.pdf`;
      if (needsWatermark(r.label)) {
        const text = watermarkText(user.displayName, d.clock.now(), d.timeZone());
        audit(user, r, v, 'files.previewed', req.ip);
        return send(req, reply, { mime: 'application/pdf', name, etag: `${v.sha256}-${user.id}-${Date.now()}`, bytes: (await stamped('pdf', pdf, statSync(pdf).size, text)).bytes }, 'inline');
      }
      // Immutable per version: let the service worker and browser keep it (offline previews).
      return send(req, reply, { mime: 'application/pdf', name, etag: `pdf-${v.id}`, file: pdf }, 'inline', IMMUTABLE);
    },
    thumbnail(req: FastifyRequest, reply: FastifyReply, user: CurrentUser, versionId: string) {
      const v = repo.version(versionId);
      if (!v) throw FilesErrors.notFound();
      const r = checkpoint.require(checkpoint.viewerOf(user), v.nodeId, 'view');
      const p = repo.preview(v.id);
      // Thumbnails cannot carry a readable watermark: sensitive items have none.
      if (!p?.thumbSha256 || needsWatermark(r.label)) throw FilesErrors.notFound();
      return send(req, reply, { mime: 'image/webp', name: 'thumbnail.webp', etag: `thumb-${v.id}`, file: blobs.pathOf(p.thumbSha256) }, 'inline', IMMUTABLE);
    },
  };
}
export type Content = ReturnType<typeof createContent>;
