// The rich-text editor's HTML, cleaned: what is pasted (from Word, WPS, web pages, Google Docs) and what is sent
// as bodyHtml. A small tokenizer and a stack, no DOM, so it runs the same in the browser and in unit tests.
// It keeps only what the server keeps (p, br, strong, em, u, s, h2–h4, ul/ol/li, blockquote, a[href], tables),
// turns styling spans into those tags, drops every attribute but a link's address, and balances the tags.
// The server sanitises again: this is for a tidy editor and an honest preview, not for safety.

type Node = { tag: string; href?: string; children: Node[] } | string;

/** Elements dropped with everything inside them. */
const DROP_WITH_CONTENT = new Set([
  'script', 'style', 'head', 'title', 'meta', 'link', 'xml', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'select',
  'textarea', 'button', 'canvas', 'audio', 'video', 'picture', 'img', 'input',
]);
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'col', 'wbr', 'area', 'base', 'source']);
/** Blocks that can hold only inline content. */
const TEXT_BLOCKS = new Set(['p', 'h2', 'h3', 'h4']);
const BLOCKS = new Set([...TEXT_BLOCKS, 'ul', 'ol', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const INLINE = new Set(['strong', 'em', 'u', 's', 'a', 'br']);
/** Source elements that become a paragraph. */
const PARAGRAPH_LIKE = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'center', 'address', 'figure', 'figcaption', 'pre', 'dl', 'dt', 'dd',
  'hr', 'caption', 'form', 'fieldset', 'legend', 'details', 'summary',
]);

function styleOf(attrs: string): string {
  const m = /\bstyle\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
  return (m ? (m[2] ?? m[3] ?? m[4] ?? '') : '').toLowerCase().replace(/&quot;/g, '"');
}

function attrValue(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return m ? (m[2] ?? m[3] ?? m[4] ?? '') : null;
}

function decodeAttr(v: string): string {
  return v
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .trim();
}

/**
 * A link address the notice may carry: http(s) and mailto only. A bare "www.x.cn" or "x.cn/path" gains https://;
 * anything else (javascript:, data:, a relative path) is refused (null).
 */
export function normaliseLink(raw: string): string | null {
  const v = raw.trim();
  if (!v || /\s/.test(v)) return null;
  if (/^mailto:[^@\s]+@[^@\s]+$/i.test(v)) return v;
  if (/^[^@\s/:]+@[^@\s/:]+\.[^@\s/:]+$/.test(v)) return `mailto:${v}`;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : /^[\w-]+(\.[\w-]+)+([/?#:].*)?$/.test(v) ? `https://${v}` : null;
  if (!withScheme) return null;
  try {
    const u = new URL(withScheme);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (!u.hostname) return null;
    return u.href;
  } catch {
    return null;
  }
}

/** The tags a source element stands for (a styled span may be bold and italic at once); [] = unwrap it. */
function mapTag(name: string, attrs: string): string[] {
  const style = styleOf(attrs);
  const boldOff = /font-weight\s*:\s*(normal|[1-5]00)\b/.test(style);
  const styled: string[] = [];
  if (/font-weight\s*:\s*(bold|bolder|[6-9]00)\b/.test(style)) styled.push('strong');
  if (/font-style\s*:\s*italic/.test(style)) styled.push('em');
  if (/text-decoration[^;]*underline/.test(style)) styled.push('u');
  if (/text-decoration[^;]*line-through/.test(style)) styled.push('s');
  switch (name) {
    case 'b':
    case 'strong':
      // Google Docs wraps a whole paste in <b style="font-weight:normal">.
      return boldOff ? styled.filter((x) => x !== 'strong') : ['strong', ...styled.filter((x) => x !== 'strong')];
    case 'i':
    case 'em':
    case 'cite':
    case 'dfn':
      return ['em', ...styled.filter((x) => x !== 'em')];
    case 'u':
    case 'ins':
      return ['u', ...styled.filter((x) => x !== 'u')];
    case 's':
    case 'strike':
    case 'del':
      return ['s', ...styled.filter((x) => x !== 's')];
    case 'h1':
    case 'h2':
      return ['h2'];
    case 'h3':
      return ['h3'];
    case 'h4':
    case 'h5':
    case 'h6':
      return ['h4'];
    case 'ul':
    case 'ol':
    case 'li':
    case 'blockquote':
    case 'table':
    case 'thead':
    case 'tbody':
    case 'tr':
    case 'th':
    case 'td':
    case 'a':
    case 'br':
      return [name];
    case 'tfoot':
      return ['tbody'];
    default:
      if (PARAGRAPH_LIKE.has(name)) return name === 'hr' ? [] : ['p', ...styled];
      return styled;
  }
}

const escapeText = (s: string) => s.replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[[\s\S]*?\]>|<![^>]*>|<\?[^>]*>|<\/?([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;

function lastIndex<T>(list: readonly T[], pred: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i]!)) return i;
  return -1;
}

type El = { tag: string; href?: string; children: Node[]; frame?: number };

/** Parses into a tree of kept elements: unknown ones are unwrapped, blocks close what cannot hold them. */
function parse(html: string): Node[] {
  const root: El = { tag: '#root', children: [] };
  const stack: El[] = [root];
  // One frame per open source element: the serial its output elements carry (a styled span may open two).
  const frames: { name: string; serial: number }[] = [];
  let serial = 0;
  let dropping: string | null = null;
  let dropDepth = 0;
  let last = 0;
  const top = () => stack[stack.length - 1]!;
  const closeTo = (depth: number) => {
    stack.length = Math.max(1, Math.min(stack.length, depth));
  };
  const text = (s: string) => {
    if (dropping || !s) return;
    const kids = top().children;
    const prev = kids[kids.length - 1];
    if (typeof prev === 'string') kids[kids.length - 1] = prev + s;
    else kids.push(s);
  };
  const open = (tag: string, frame: number, href?: string): El => {
    if (BLOCKS.has(tag)) {
      // A block cannot live inside a paragraph, a heading or inline markup…
      let depth = stack.length;
      while (depth > 1 && (TEXT_BLOCKS.has(stack[depth - 1]!.tag) || INLINE.has(stack[depth - 1]!.tag))) depth--;
      // …nor a list item directly inside another, nor a cell in a cell, a row in a row.
      if (tag === 'li') {
        const li = lastIndex(stack, (n) => n.tag === 'li');
        const list = lastIndex(stack, (n) => n.tag === 'ul' || n.tag === 'ol');
        if (li > list) depth = Math.min(depth, li);
      } else if (tag === 'td' || tag === 'th' || tag === 'tr') {
        const same = lastIndex(stack, (n) => n.tag === tag || (tag !== 'tr' && (n.tag === 'td' || n.tag === 'th')));
        if (same > 0) depth = Math.min(depth, same);
      }
      closeTo(depth);
    }
    const el: El = { tag, href, children: [], frame };
    top().children.push(el);
    stack.push(el);
    return el;
  };

  for (const m of html.matchAll(TOKEN)) {
    text(html.slice(last, m.index));
    last = m.index + m[0].length;
    const rawName = m[1];
    if (!rawName) continue; // comment, doctype, conditional comment
    const name = rawName.toLowerCase();
    const closing = m[0].startsWith('</');
    const attrs = m[2] ?? '';
    if (dropping) {
      if (name === dropping) dropDepth += closing ? -1 : 1;
      if (dropDepth === 0) dropping = null;
      continue;
    }
    if (name.includes(':')) continue; // o:p, v:shape … (Word)
    if (DROP_WITH_CONTENT.has(name)) {
      if (!closing && !VOID.has(name) && !m[0].endsWith('/>')) {
        dropping = name;
        dropDepth = 1;
      }
      continue;
    }
    if (closing) {
      const f = lastIndex(frames, (x) => x.name === name);
      if (f >= 0) {
        // Close what this element opened and whatever is still open inside it.
        const closed = new Set(frames.slice(f).map((x) => x.serial));
        frames.length = f;
        const at = stack.findIndex((n) => n.frame !== undefined && closed.has(n.frame));
        if (at > 0) closeTo(at);
      }
      // The end of a block in the source ends the line even when its paragraph was already closed.
      if (PARAGRAPH_LIKE.has(name) || BLOCKS.has(name) || /^h[1-6]$/.test(name)) top().children.push({ tag: '#break', children: [] });
      continue;
    }
    if (name === 'br') {
      open('br', 0);
      stack.pop();
      continue;
    }
    if (VOID.has(name)) continue;
    let tags = mapTag(name, attrs);
    let href: string | undefined;
    if (tags[0] === 'a') {
      const link = normaliseLink(decodeAttr(attrValue(attrs, 'href') ?? ''));
      if (link) href = link;
      else tags = tags.slice(1);
    }
    const frame = ++serial;
    const depth = stack.length;
    for (const tag of tags) open(tag, frame, tag === 'a' ? href : undefined);
    if (m[0].endsWith('/>')) {
      if (tags.length) closeTo(Math.min(depth, stack.length - tags.length));
      continue;
    }
    frames.push({ name, serial: frame });
  }
  text(html.slice(last));
  return root.children;
}

const hasText = (n: Node): boolean =>
  typeof n === 'string' ? n.replace(/&nbsp;|&#160;|\u00a0/g, ' ').trim() !== '' : n.tag === 'br' ? false : n.children.some(hasText);

const LISTS = new Set(['ul', 'ol']);
const TABLE_PARTS = new Set(['table', 'thead', 'tbody', 'tr']);
const isEl = (n: Node | undefined, tag?: string): n is Exclude<Node, string> => !!n && typeof n !== 'string' && (!tag || n.tag === tag);

/**
 * Tidies the parsed tree: inline runs at the top level (and in quotes) become paragraphs, stray list items go into
 * a list, text directly in a list becomes an item, paragraphs inside items and cells become line breaks, and
 * empty elements go.
 */
function normalise(nodes: Node[], parent: string): Node[] {
  const out: Node[] = [];
  const wraps = parent === '#root' || parent === 'blockquote';
  let run: Node[] = [];
  const flush = () => {
    const kept = trimBreaks(run);
    if (kept.some(hasText)) out.push({ tag: 'p', children: kept });
    run = [];
  };
  const inline = (n: Node) => {
    if (wraps) run.push(n);
    else if (LISTS.has(parent)) {
      const prev = out[out.length - 1];
      if (isEl(prev, 'li') && typeof n === 'string' && prev.children.length === 0) prev.children.push(n);
      else out.push({ tag: 'li', children: [n] });
    } else if (TABLE_PARTS.has(parent)) {
      /* text between rows and cells is not shown by browsers either */
    } else out.push(n);
  };
  for (const raw of nodes) {
    if (typeof raw === 'string') {
      if ((wraps || LISTS.has(parent) || TABLE_PARTS.has(parent)) && raw.trim() === '' && !run.length) continue;
      inline(raw);
      continue;
    }
    if (raw.tag === '#break') {
      if (wraps) flush();
      continue;
    }
    const authored = raw.children.length > 0;
    const n: El = { ...raw, children: normalise(raw.children, raw.tag) };
    if (n.tag === 'br') {
      inline(n);
      continue;
    }
    if (INLINE.has(n.tag)) {
      if (hasText(n)) inline(n);
      continue;
    }
    if (wraps) flush();
    if (n.tag === 'li' && !LISTS.has(parent)) {
      const prev = out[out.length - 1];
      if (isEl(prev, 'ul')) prev.children.push(n);
      else if (hasText(n)) out.push({ tag: 'ul', children: [n] });
      continue;
    }
    if (TEXT_BLOCKS.has(n.tag)) {
      n.children = trimBreaks(n.children);
      if (!hasText(n)) {
        // <p><br></p> or <p>&nbsp;</p> is a blank line the author made: kept (collapsed and trimmed below).
        // A <p></p> is what a split left behind: dropped.
        if (n.tag === 'p' && wraps && authored) out.push({ tag: 'p', children: [{ tag: 'br', children: [] }] });
        continue;
      }
      if (wraps) out.push(n);
      else if (LISTS.has(parent)) out.push({ tag: 'li', children: n.children });
      else if (parent === 'li' || parent === 'td' || parent === 'th') {
        if (out.some(hasText)) out.push({ tag: 'br', children: [] });
        out.push(...n.children);
      } else for (const c of n.children) inline(c);
      continue;
    }
    if (!hasText(n)) continue;
    out.push(n);
  }
  if (wraps) flush();
  return wraps ? collapseBlankLines(out) : out;
}

function isBlankP(n: Node | undefined): boolean {
  return !!n && typeof n !== 'string' && n.tag === 'p' && !hasText(n);
}

/** Blank lines: none at the start or end, never two in a row. */
function collapseBlankLines(nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const n of nodes) {
    if (isBlankP(n) && (out.length === 0 || isBlankP(out[out.length - 1]))) continue;
    out.push(n);
  }
  while (isBlankP(out[out.length - 1])) out.pop();
  return out;
}

/** Line breaks at the start or end of a block add nothing. */
function trimBreaks(nodes: Node[]): Node[] {
  const isBr = (n: Node | undefined) => !!n && typeof n !== 'string' && n.tag === 'br';
  const isSpace = (n: Node | undefined) => typeof n === 'string' && n.trim() === '';
  const out = [...nodes];
  while (out.length && (isBr(out[0]) || isSpace(out[0]))) out.shift();
  while (out.length && (isBr(out[out.length - 1]) || isSpace(out[out.length - 1]))) out.pop();
  return out;
}

function serialise(nodes: Node[]): string {
  let s = '';
  for (const n of nodes) {
    if (typeof n === 'string') s += escapeText(n.replace(/\s*\n\s*/g, ' '));
    else if (n.tag === 'br') s += '<br>';
    else if (n.tag === 'a') s += `<a href="${escapeAttr(n.href ?? '')}">${serialise(n.children)}</a>`;
    else s += `<${n.tag}>${serialise(n.children)}</${n.tag}>`;
  }
  return s;
}

/** Cleans editor or pasted HTML to the notice's tag set (see the top of this file). */
export function cleanHtml(html: string): string {
  return serialise(normalise(parse(html), '#root'));
}

/** Plain text pasted: paragraphs at blank lines, line breaks inside them. */
export function textToHtml(text: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.split('\n').map(esc).join('<br>')}</p>`)
    .join('');
}

/** The visible text of some HTML (for "is the body empty" and for counting). */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|h[1-6]|li|blockquote|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function isBlankHtml(html: string): boolean {
  return htmlText(html).replace(/\u00a0/g, ' ').trim() === '';
}
