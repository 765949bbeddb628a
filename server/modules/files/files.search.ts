// Search by name, classification and contents. FTS5 over CJK bigrams finds candidates; the checkpoint
// drops what the searcher may not see; snippets come from the extracted text around the first hit.
import type { CurrentUser } from '../../core/request-context.js';
import { toMatchQuery } from '../../lib/cjk-fts.js';
import { ancestorIds, type Checkpoint } from './files.checkpoint.js';
import type { SearchHit } from './files.dto.js';
import type { FilesRepo, NodeRow } from './files.repo.js';
import type { FilesService } from './files.service.js';

const CANDIDATES = 400;

export function snippetOf(text: string, query: string, width = 40): string | null {
  const terms = query.normalize('NFKC').toLowerCase().split(/[\s\p{P}]+/u).filter(Boolean);
  const lower = text.toLowerCase();
  for (const term of terms) {
    const at = lower.indexOf(term);
    if (at < 0) continue;
    const start = Math.max(0, at - width);
    const end = Math.min(text.length, at + term.length + width);
    return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
  }
  return null;
}

export function createSearch(repo: FilesRepo, checkpoint: Checkpoint, files: FilesService) {
  // Rank inside FTS5 first, then join: joining file_nodes inside the ranked query made SQLite look up every
  // match (tens of thousands for a common word in a 100,000-file store) before sorting — 3–5× slower.
  // Items in the recycle bin stay indexed, hence the inner margin before they are dropped.
  const candidates = repo.sqlite.prepare(
    `SELECT c.id FROM (SELECT node_id AS id, bm25(file_fts, 0, 10.0, 4.0, 1.0) AS score FROM file_fts WHERE file_fts MATCH ? ORDER BY score LIMIT ${CANDIDATES * 2}) c
     JOIN file_nodes n ON n.id = c.id WHERE n.deleted_at IS NULL ORDER BY c.score LIMIT ${CANDIDATES}`,
  );
  const text = repo.sqlite.prepare(`SELECT content FROM file_texts WHERE node_id = ?`);

  return {
    search(user: CurrentUser, q: string, limit: number): SearchHit[] {
      const match = toMatchQuery(q);
      if (!match) return [];
      const ids = (candidates.all(match) as { id: string }[]).map((r) => r.id);
      const rows = [...repo.nodes(ids).values()];
      const order = new Map(ids.map((id, i) => [id, i]));
      rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      const viewer = checkpoint.viewerOf(user);
      const known = new Map<string, NodeRow>();
      const visible = files.describe(viewer, rows, known).slice(0, limit);
      return visible.map((node) => {
        const row = rows.find((r) => r.id === node.id)!;
        const content = node.kind === 'file' ? (text.get(node.id) as { content: string } | undefined)?.content : undefined;
        const path = ancestorIds(row).map((a) => known.get(a)?.name ?? repo.node(a)?.name ?? '').join(' / ');
        return { node, snippet: content ? snippetOf(content, q) : null, path };
      });
    },
  };
}
export type Search = ReturnType<typeof createSearch>;
