// A small rich-text editor: a contenteditable box and a toolbar (bold, italic, underline, heading, bulleted and
// numbered lists, quote, link). The browser's editing commands do the work; what comes out (and what is pasted
// in, from Word or a web page) goes through cleanHtml, so the notice holds only the tags the server keeps.
// Keyboard: Tab reaches the toolbar, arrow keys move along it; Ctrl/⌘+B, I, U as usual, Ctrl/⌘+K for a link.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { Button, Dialog, Icon, TextField, type IconName } from '../../../ui';
import { cleanHtml, isBlankHtml, normaliseLink, textToHtml } from './html-clean';

type Command = 'bold' | 'italic' | 'underline' | 'heading' | 'bullets' | 'numbers' | 'quote' | 'link';
const COMMANDS: { id: Command; icon: IconName; keys?: string }[] = [
  { id: 'bold', icon: 'bold', keys: 'B' },
  { id: 'italic', icon: 'italic', keys: 'I' },
  { id: 'underline', icon: 'underline', keys: 'U' },
  { id: 'heading', icon: 'heading' },
  { id: 'bullets', icon: 'listBullet' },
  { id: 'numbers', icon: 'listNumber' },
  { id: 'quote', icon: 'quote' },
  { id: 'link', icon: 'link', keys: 'K' },
];
/** The element each command puts the text in (to show the button pressed). */
const MARKS: Record<Command, string[]> = {
  bold: ['B', 'STRONG'],
  italic: ['I', 'EM'],
  underline: ['U'],
  heading: ['H2', 'H3', 'H4'],
  bullets: ['UL'],
  numbers: ['OL'],
  quote: ['BLOCKQUOTE'],
  link: ['A'],
};

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function exec(cmd: string, value?: string): void {
  // execCommand is the only way to edit with the browser's undo history; it is kept in every engine.
  document.execCommand(cmd, false, value);
}

export interface RichEditorProps {
  id: string;
  label: string;
  /** The HTML to start from; the editor is set from it again only when `resetKey` changes. */
  initialHtml: string;
  resetKey: string;
  onChange: (html: string) => void;
  invalid?: boolean;
  describedBy?: string;
  placeholder?: string;
}

export function RichEditor({ id, label, initialHtml, resetKey, onChange, invalid, describedBy, placeholder }: RichEditorProps) {
  const box = useRef<HTMLDivElement>(null);
  const toolbar = useRef<HTMLDivElement>(null);
  const range = useRef<Range | null>(null);
  const [active, setActive] = useState<Set<Command>>(new Set());
  const [blank, setBlank] = useState(isBlankHtml(initialHtml));
  const [focusIndex, setFocusIndex] = useState(0);
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkUrl, setLinkUrl] = useState('');
  const [linkText, setLinkText] = useState('');
  const [linkError, setLinkError] = useState<string | null>(null);
  const [linkHas, setLinkHas] = useState(false);
  const labelId = `${id}-label`;
  const dialogId = useId();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const html = cleanHtml(initialHtml);
    el.innerHTML = html || '<p><br></p>';
    setBlank(isBlankHtml(html));
  }, [resetKey]);

  /** Where the caret is: the marks around it, kept so toolbar clicks act on the same place. */
  const readSelection = () => {
    const el = box.current;
    const sel = document.getSelection();
    if (!el || !sel || !sel.rangeCount) return;
    const r = sel.getRangeAt(0);
    if (!el.contains(r.commonAncestorContainer)) return;
    range.current = r.cloneRange();
    const tags = new Set<string>();
    for (let n: Node | null = r.startContainer; n && n !== el; n = n.parentNode) if (n.nodeType === 1) tags.add((n as Element).tagName);
    // Inline marks from the browser's typing state (bold switched off at the end of bold text is off), blocks
    // from the elements around the caret.
    const inline = (c: Command) => {
      try {
        return document.queryCommandState(c);
      } catch {
        return MARKS[c].some((m) => tags.has(m));
      }
    };
    setActive(new Set(COMMANDS.filter((c) => (c.id === 'bold' || c.id === 'italic' || c.id === 'underline' ? inline(c.id) : MARKS[c.id].some((m) => tags.has(m)))).map((c) => c.id)));
  };

  useEffect(() => {
    const on = () => readSelection();
    document.addEventListener('selectionchange', on);
    return () => document.removeEventListener('selectionchange', on);
  }, []);

  const changed = () => {
    const el = box.current;
    if (!el) return;
    const html = cleanHtml(el.innerHTML);
    setBlank(isBlankHtml(html));
    onChange(html);
  };

  /** Focus the text again and put the caret back where it was before a toolbar button took the focus. */
  const restore = () => {
    const el = box.current;
    if (!el) return;
    el.focus();
    exec('defaultParagraphSeparator', 'p');
    const r = range.current;
    const sel = document.getSelection();
    if (r && sel && el.contains(r.commonAncestorContainer)) {
      sel.removeAllRanges();
      sel.addRange(r);
    }
  };

  const closest = (tag: string): Element | null => {
    const el = box.current;
    let n: Node | null = range.current?.startContainer ?? null;
    for (; n && n !== el; n = n.parentNode) if (n.nodeType === 1 && (n as Element).tagName === tag) return n as Element;
    return null;
  };

  const openLink = () => {
    readSelection();
    const a = closest('A');
    setLinkHas(!!a);
    setLinkUrl(a?.getAttribute('href') ?? '');
    setLinkText('');
    setLinkError(null);
    setLinkOpen(true);
  };

  const run = (c: Command) => {
    if (c === 'link') return openLink();
    restore();
    switch (c) {
      case 'bold':
      case 'italic':
      case 'underline':
        exec(c);
        break;
      case 'heading':
        exec('formatBlock', active.has('heading') ? '<p>' : '<h2>');
        break;
      case 'bullets':
        exec('insertUnorderedList');
        break;
      case 'numbers':
        exec('insertOrderedList');
        break;
      case 'quote': {
        const q = closest('BLOCKQUOTE');
        if (q) exec('outdent');
        else exec('formatBlock', '<blockquote>');
        break;
      }
    }
    readSelection();
    changed();
  };

  const saveLink = (e: Event) => {
    e.preventDefault();
    const url = normaliseLink(linkUrl);
    if (!url) return setLinkError(t('notices.editor.linkInvalid'));
    setLinkOpen(false);
    restore();
    const r = range.current;
    const a = closest('A');
    if (a) a.setAttribute('href', url);
    else if (!r || r.collapsed) {
      const text = linkText.trim() || url;
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      exec('insertHTML', `<a href="${esc(url)}">${esc(text)}</a>`);
    } else exec('createLink', url);
    changed();
  };

  const removeLink = () => {
    setLinkOpen(false);
    restore();
    const a = closest('A');
    if (a) {
      const sel = document.getSelection();
      const r = document.createRange();
      r.selectNodeContents(a);
      sel?.removeAllRanges();
      sel?.addRange(r);
      exec('unlink');
    }
    changed();
  };

  const onPaste = (e: ClipboardEvent) => {
    const data = e.clipboardData;
    if (!data) return;
    e.preventDefault();
    const html = data.getData('text/html');
    const text = data.getData('text/plain');
    if (html) exec('insertHTML', cleanHtml(html));
    else if (text && !/\n/.test(text)) exec('insertText', text);
    else if (text) exec('insertHTML', textToHtml(text));
    changed();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const mod = isMac ? e.metaKey : e.ctrlKey;
    if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      openLink();
    }
  };

  const onToolbarKey = (e: KeyboardEvent) => {
    let next = -1;
    if (e.key === 'ArrowRight') next = (focusIndex + 1) % COMMANDS.length;
    else if (e.key === 'ArrowLeft') next = (focusIndex - 1 + COMMANDS.length) % COMMANDS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = COMMANDS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    setFocusIndex(next);
    toolbar.current?.querySelectorAll<HTMLButtonElement>('button')[next]?.focus();
  };

  const shortcut = (k?: string) => (k ? ` (${isMac ? '⌘' : 'Ctrl+'}${k})` : '');
  return (
    <div class={`nt-editor-wrap ${invalid ? 'is-invalid' : ''}`}>
      <span id={labelId} class="fr-label">
        {label}
      </span>
      <div class="nt-editor-frame">
        <div ref={toolbar} class="nt-toolbar" role="toolbar" aria-label={t('notices.editor.toolbar')} aria-controls={id} onKeyDown={onToolbarKey}>
          {COMMANDS.map((c, i) => {
            const name = t(`notices.editor.${c.id}`);
            return (
              <button
                key={c.id}
                type="button"
                class="nt-tool"
                tabIndex={i === focusIndex ? 0 : -1}
                aria-pressed={c.id === 'link' ? undefined : active.has(c.id)}
                aria-label={name}
                title={`${name}${shortcut(c.keys)}`}
                // Keep the caret in the text while clicking with a mouse or a finger.
                onMouseDown={(e) => e.preventDefault()}
                onFocus={() => setFocusIndex(i)}
                onClick={() => run(c.id)}
              >
                <Icon name={c.icon} size={18} />
              </button>
            );
          })}
        </div>
        <div class="nt-editor-box">
          {blank && placeholder ? (
            <span class="nt-editor-placeholder" aria-hidden="true">
              {placeholder}
            </span>
          ) : null}
          <div
            id={id}
            ref={box}
            class="nt-editor nt-body"
            contentEditable
            role="textbox"
            aria-multiline="true"
            aria-labelledby={labelId}
            aria-describedby={describedBy}
            aria-invalid={invalid ? 'true' : undefined}
            spellcheck={false}
            onInput={changed}
            onPaste={onPaste}
            onKeyDown={onKeyDown}
            onFocus={() => exec('defaultParagraphSeparator', 'p')}
            onBlur={changed}
          />
        </div>
      </div>
      <Dialog open={linkOpen} onClose={() => setLinkOpen(false)} title={linkHas ? t('notices.editor.linkEdit') : t('notices.editor.linkAdd')}>
        <form class="stack" onSubmit={saveLink} noValidate aria-describedby={dialogId}>
          <TextField
            label={t('notices.editor.linkUrl')}
            value={linkUrl}
            onValue={(v) => {
              setLinkUrl(v);
              setLinkError(null);
            }}
            error={linkError}
            placeholder="https://"
            inputMode="url"
            autoFocus
          />
          {!linkHas && (!range.current || range.current.collapsed) ? (
            <TextField label={t('notices.editor.linkText')} value={linkText} onValue={setLinkText} hint={t('notices.editor.linkTextHint')} />
          ) : null}
          <p id={dialogId} class="xsmall muted">
            {t('notices.editor.linkHint')}
          </p>
          <div class="dialog-actions dialog-actions-split">
            {linkHas ? (
              <Button variant="danger-ghost" onClick={removeLink}>
                {t('notices.editor.linkRemove')}
              </Button>
            ) : (
              <span />
            )}
            <span class="row">
              <Button onClick={() => setLinkOpen(false)}>{t('common.cancel')}</Button>
              <Button type="submit" variant="primary">
                {t('common.save')}
              </Button>
            </span>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
