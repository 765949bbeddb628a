// Notice bodies are rich text from an editor, shown as HTML to every recipient: only an allowlist survives.
// No attributes beyond links' href (http, https, mailto) and table cell spans; no style, class or id, so a
// notice cannot restyle the app, hide text or reach a script. Disallowed tags are dropped but their text kept;
// script/style/textarea/… are dropped with their content.
import sanitizeHtml from 'sanitize-html';

/** Checked before sanitize-html's own scheme check (which stays as the second guard). */
const SAFE_HREF = /^\s*(https?:\/\/|mailto:)/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'a',
    'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span',
  ],
  // rel/target come from the transform below (attributes are checked after transforms).
  allowedAttributes: { a: ['href', 'rel', 'target'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  allowedStyles: {},
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title', 'head'],
  enforceHtmlBoundary: false,
  transformTags: {
    // Every link opens outside the app and gives the target no handle on it.
    a: (tagName, attribs): sanitizeHtml.Tag => ({
      tagName, attribs: SAFE_HREF.test(attribs.href ?? '') ? { href: attribs.href!, rel: 'noopener noreferrer', target: '_blank' } : {},
    }),
    // Blocks of other editors keep their lines (dropping the tag would run the text together).
    div: 'p',
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    td: (tagName, attribs) => ({ tagName, attribs: spans(attribs) }),
    th: (tagName, attribs) => ({ tagName, attribs: spans(attribs) }),
  },
  allowedClasses: {},
};

/** colspan/rowspan only as small whole numbers. */
function spans(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const out: sanitizeHtml.Attributes = {};
  for (const k of ['colspan', 'rowspan']) {
    const v = attribs[k];
    if (v && /^[1-9][0-9]?$/.test(v)) out[k] = v;
  }
  return out;
}

export function sanitizeNoticeHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

const BLOCK_END = /<\/(p|h2|h3|h4|li|blockquote|tr)>|<br\s*\/?>/gi;
const CELL_END = /<\/t[dh]>/gi;

/** The sanitised body as plain text (excerpts, SMS and mail): blocks become line breaks, entities decoded. */
export function noticeText(html: string): string {
  const withBreaks = html.replace(BLOCK_END, (m) => `${m}\n`).replace(CELL_END, (m) => `${m} `);
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {}, nonTextTags: OPTIONS.nonTextTags });
  return decodeEntities(text)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    if (k === 'nbsp') return ' ';
    const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
  });
}
