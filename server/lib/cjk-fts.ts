// Chinese-aware full-text search on SQLite FTS5 with the stock `unicode61` tokenizer (no extensions).
// unicode61 keeps a whole run of Han characters as one token, so "2026年度预算表" would only match a
// query for the entire run. We therefore store CJK runs as overlapping bigrams and turn queries into
// phrases of bigrams: any substring of ≥2 characters becomes a run of consecutive bigram tokens.
// Pure: no Node built-ins, no database.

// unicode61's token characters are the categories L*, N* and Co; everything else separates tokens.
// Mirroring that exactly keeps what we write and what FTS5 reads in step.
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
// Script_Extensions so that 々, 〇 and the katakana ー stay inside their runs.
const CJK_SCRIPT = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}]/u;

// Bounds for one query, so a pasted page of text cannot build a giant MATCH expression.
const MAX_QUERY_TERMS = 32;
const MAX_CJK_RUN = 64;
const MAX_WORD = 64;

type Term = { kind: 'cjk' | 'word'; text: string };

/** Splits NFKC-lower-cased text into CJK runs and other words; separators are dropped. */
function terms(text: string): Term[] {
  const out: Term[] = [];
  let cur: Term | null = null;
  for (const ch of text.normalize('NFKC').toLowerCase()) {
    if (!TOKEN_CHAR.test(ch)) {
      cur = null;
      continue;
    }
    const kind = CJK_SCRIPT.test(ch) ? 'cjk' : 'word';
    if (cur && cur.kind === kind) cur.text += ch;
    else {
      cur = { kind, text: ch };
      out.push(cur);
    }
  }
  return out;
}

function bigrams(chars: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * Text to store in an FTS5 column: Latin/digit words kept (lower-cased, NFKC), every run of CJK
 * characters turned into overlapping bigrams separated by spaces (a single CJK char stays as itself).
 * A run of ≥2 chars also ends with its last char on its own ("预算表" → "预算 算表 表"), so a
 * one-character query (a prefix match) also finds a character that only ends a run.
 */
export function toIndexText(text: string): string {
  const out: string[] = [];
  for (const t of terms(text)) {
    if (t.kind === 'word') {
      out.push(t.text);
      continue;
    }
    const chars = Array.from(t.text);
    if (chars.length === 1) out.push(t.text);
    else out.push(...bigrams(chars), chars[chars.length - 1]!);
  }
  return out.join(' ');
}

/**
 * A user's query → an FTS5 MATCH expression (or null when nothing searchable): every term must
 * match (AND); a CJK run of ≥2 chars → a phrase of its bigrams ("预算 算表"), a single CJK char →
 * prefix match on the bigram column (预*), Latin words → prefix match (word*).
 * Every term is emitted inside double quotes and contains only token characters, so FTS5 syntax in
 * the input (quotes, *, ^, :, parentheses, NEAR, AND/OR/NOT) is searched as plain words or dropped
 * as separators — no input can cause an FTS5 syntax error.
 */
export function toMatchQuery(query: string): string | null {
  const parts: string[] = [];
  for (const t of terms(query)) {
    if (parts.length >= MAX_QUERY_TERMS) break;
    if (t.kind === 'word') {
      parts.push(`"${Array.from(t.text).slice(0, MAX_WORD).join('')}"*`);
      continue;
    }
    const chars = Array.from(t.text).slice(0, MAX_CJK_RUN);
    parts.push(chars.length === 1 ? `"${chars[0]!}"*` : `"${bigrams(chars).join(' ')}"`);
  }
  return parts.length ? parts.join(' AND ') : null;
}
