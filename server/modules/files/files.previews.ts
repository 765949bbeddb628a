// Previews in the job queue: office files → PDF with LibreOffice (one at a time, time-limited), then page
// count, text for search and a first-page thumbnail with poppler; images get a thumbnail. Results are
// cached per version as blobs, so a version is converted once.
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import type { JobQueue } from '../../core/jobs/jobs.queue.js';
import type { Clock } from '../../lib/clock.js';
import type { BlobStore, StoredBlob } from './files.blobs.js';
import type { PreviewInfo } from './files.dto.js';
import { indexNode } from './files.indexing.js';
import { extensionOf } from './files.names.js';
import { ConversionError, OFFICE_EXTENSIONS, type OfficeConverter } from './files.office.js';
import { pdfInfo, pdfText, pdfThumbnail } from './files.poppler.js';
import type { FilesRepo, NodeRow, PreviewRow, VersionRow } from './files.repo.js';
import { IMAGE_MIME, imageThumbnail } from './files.thumbs.js';

const THUMB_WIDTH = 320;
export const PREVIEW_JOB = 'files.preview';

export type PreviewKind = PreviewInfo['kind'];

export function previewKind(mime: string, name: string): PreviewKind {
  if (mime === 'application/pdf') return 'pdf';
  if (IMAGE_MIME.has(mime)) return 'image';
  if (OFFICE_EXTENSIONS.has(extensionOf(name))) return 'pdf';
  return 'none';
}

export interface PreviewDeps {
  repo: FilesRepo;
  blobs: BlobStore;
  office: OfficeConverter;
  jobs: JobQueue;
  hub: RealtimeHub;
  clock: Clock;
  log: FastifyBaseLogger;
}

export function createPreviews(d: PreviewDeps) {
  const { repo, blobs } = d;
  const now = () => d.clock.now().toISOString();

  function save(p: Omit<PreviewRow, 'updatedAt'>, v: VersionRow): void {
    repo.savePreview({ ...p, updatedAt: now() });
    if (v.createdBy) d.hub.publish({ topic: `user:${v.createdBy}`, name: 'files.preview', data: { fileId: v.nodeId, versionId: v.id, status: p.status } });
  }

  async function build(v: VersionRow, node: NodeRow, work: string): Promise<{ pdf: StoredBlob | null; thumb: StoredBlob; pages: number | null; text: string | null }> {
    const source = blobs.pathOf(v.sha256);
    const kind = previewKind(v.mime, node.name);
    if (kind === 'image') {
      const out = path.join(work, 'thumb.webp');
      await imageThumbnail(source, out, THUMB_WIDTH);
      return { pdf: null, thumb: await blobs.adopt(out), pages: null, text: null };
    }
    let pdfPath = source;
    let pdf: StoredBlob | null = null;
    if (v.mime !== 'application/pdf') {
      pdf = await blobs.adopt(await d.office.toPdf(source, extensionOf(node.name), work, { name: node.name }));
      pdfPath = blobs.pathOf(pdf.sha256);
    }
    const { pages } = await pdfInfo(pdfPath);
    const text = await pdfText(pdfPath, { maxChars: 2_000_000 });
    const png = path.join(work, 'page1.png');
    await pdfThumbnail(pdfPath, png, THUMB_WIDTH * 2);
    const webp = path.join(work, 'thumb.webp');
    await imageThumbnail(png, webp, THUMB_WIDTH);
    return { pdf, thumb: await blobs.adopt(webp), pages, text };
  }

  async function run(versionId: string): Promise<void> {
    const v = repo.version(versionId);
    const node = v ? repo.node(v.nodeId) : undefined;
    if (!v || !node) return;
    if (previewKind(v.mime, node.name) === 'none') {
      save({ versionId, status: 'none', pdfSha256: null, thumbSha256: null, pages: null, error: null }, v);
      return;
    }
    const work = await mkdtemp(path.join(blobs.tempDir(), 'preview-'));
    try {
      const out = await build(v, node, work);
      const at = now();
      repo.tx(() => {
        if (out.pdf) repo.insertBlob(out.pdf.sha256, out.pdf.size, at);
        repo.insertBlob(out.thumb.sha256, out.thumb.size, at);
        if (out.text !== null && repo.node(node.id)?.currentVersionId === v.id) {
          repo.sqlite.prepare(`INSERT INTO file_texts (node_id, version_id, content) VALUES (?, ?, ?) ON CONFLICT(node_id) DO UPDATE SET version_id = excluded.version_id, content = excluded.content`).run(node.id, v.id, out.text);
          indexNode(repo, node.id, out.text);
        }
        save({ versionId, status: 'ready', pdfSha256: out.pdf?.sha256 ?? null, thumbSha256: out.thumb.sha256, pages: out.pages, error: null }, v);
      });
    } catch (err) {
      // A file LibreOffice cannot read stays unreadable: record why instead of retrying for ever.
      const reason = err instanceof ConversionError ? err.reason : 'failed';
      const message = err instanceof Error ? err.message.slice(0, 500) : String(err);
      d.log.warn({ event: 'files.preview_failed', versionId, reason, err: message }, 'preview failed');
      save({ versionId, status: 'failed', pdfSha256: null, thumbSha256: null, pages: null, error: reason === 'timeout' ? 'timeout' : message }, v);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  d.jobs.register(PREVIEW_JOB, async (payload) => run((payload as { versionId: string }).versionId));

  return {
    run,
    queue(v: VersionRow, node: NodeRow): void {
      const kind = previewKind(v.mime, node.name);
      if (kind === 'none') return;
      const existing = repo.preview(v.id);
      if (existing && existing.status !== 'failed') return;
      // Rollback reuses contents: an earlier version with the same bytes already has its preview.
      const twin = repo.sqlite
        .prepare(`SELECT p.* FROM file_previews p JOIN file_versions o ON o.id = p.version_id WHERE o.sha256 = ? AND p.status = 'ready' LIMIT 1`)
        .get(v.sha256) as { pdf_sha256: string | null; thumb_sha256: string | null; pages: number | null } | undefined;
      if (twin) {
        repo.savePreview({ versionId: v.id, status: 'ready', pdfSha256: twin.pdf_sha256, thumbSha256: twin.thumb_sha256, pages: twin.pages, error: null, updatedAt: now() });
        void reindexFromTwin(v, node);
        return;
      }
      repo.savePreview({ versionId: v.id, status: 'pending', pdfSha256: null, thumbSha256: null, pages: null, error: null, updatedAt: now() });
      d.jobs.enqueue(PREVIEW_JOB, { versionId: v.id }, { dedupeKey: `${PREVIEW_JOB}:${v.id}`, maxAttempts: 2 });
    },
  };

  async function reindexFromTwin(v: VersionRow, node: NodeRow): Promise<void> {
    const p = repo.preview(v.id);
    const pdf = p?.pdfSha256 ? blobs.pathOf(p.pdfSha256) : v.mime === 'application/pdf' ? blobs.pathOf(v.sha256) : null;
    if (!pdf) return;
    try {
      const text = await pdfText(pdf, { maxChars: 2_000_000 });
      repo.tx(() => {
        repo.sqlite.prepare(`INSERT INTO file_texts (node_id, version_id, content) VALUES (?, ?, ?) ON CONFLICT(node_id) DO UPDATE SET version_id = excluded.version_id, content = excluded.content`).run(node.id, v.id, text);
        indexNode(repo, node.id, text);
      });
    } catch (err) {
      d.log.warn({ event: 'files.reindex_failed', versionId: v.id, err: String(err) }, 'reindex failed');
    }
  }
}
export type Previews = ReturnType<typeof createPreviews>;
