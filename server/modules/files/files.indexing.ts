// Keeps file_fts (bigrams of names, classification and contents) in step with the tree.
import { toIndexText } from '../../lib/cjk-fts.js';
import type { FilesRepo } from './files.repo.js';

/** Re-indexes name and classification; `body` replaces the contents text when given (else it is kept). */
export function indexNode(repo: FilesRepo, nodeId: string, body?: string): void {
  const n = repo.node(nodeId);
  if (!n) return;
  const meta = [n.docType, n.project, n.schoolYear, ...n.tags.split('|')].filter(Boolean).join(' ');
  repo.indexText(nodeId, toIndexText(n.name), toIndexText(meta), body === undefined ? null : toIndexText(body));
}
