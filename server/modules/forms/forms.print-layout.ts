// A small flowing-layout writer over pdf-lib for the printable submission: A4 pages, mixed Chinese/Latin
// text (Helvetica for WinAnsi, a TrueType CJK font for the rest), wrapping, page breaks, grids, images.
import { PDFDocument, StandardFonts, degrees, rgb, type Color, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { loadCjkFont, patchedFontkit } from '../../lib/pdf-cjk-font.js';

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 48;
export const CONTENT_WIDTH = A4.width - 2 * MARGIN;
export const INK = rgb(0.1, 0.1, 0.12);
export const MUTED = rgb(0.42, 0.44, 0.48);
export const RULE = rgb(0.82, 0.84, 0.87);
export const SHADE = rgb(0.94, 0.95, 0.97);

const CLOSING = /^[，。、；：！？）》」』”’,.;:!?)\]]/u;

interface Run {
  font: PDFFont;
  text: string;
}

export interface TextStyle {
  size?: number;
  color?: Color;
  bold?: boolean;
}

export class PdfWriter {
  readonly doc: PDFDocument;
  page!: PDFPage;
  /** The baseline cursor: the top of the next thing drawn. */
  y = 0;
  private latin!: PDFFont;
  private latinBold!: PDFFont;
  private cjk!: PDFFont;
  private latinChars!: Set<number>;
  private cjkChars!: Set<number>;
  private readonly images = new Map<string, PDFImage>();

  private constructor(doc: PDFDocument) {
    this.doc = doc;
  }

  static async create(title: string): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(patchedFontkit);
    doc.setTitle(title);
    doc.setCreator('校办 xiaoban');
    doc.setProducer('xiaoban');
    const w = new PdfWriter(doc);
    w.latin = await doc.embedFont(StandardFonts.Helvetica);
    w.latinBold = await doc.embedFont(StandardFonts.HelveticaBold);
    w.cjk = await doc.embedFont(await loadCjkFont(), { subset: true });
    w.latinChars = new Set(w.latin.getCharacterSet());
    w.cjkChars = new Set(w.cjk.getCharacterSet());
    w.newPage();
    return w;
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }

  /** Starts a new page unless `height` still fits above the bottom margin (footer space kept). */
  ensure(height: number): void {
    if (this.y - height < MARGIN + 18) this.newPage();
  }

  private runs(text: string, bold: boolean): Run[] {
    const out: Run[] = [];
    for (const ch of text.replace(/[\t\r]/g, ' ')) {
      const cp = ch.codePointAt(0)!;
      let font = bold ? this.latinBold : this.latin;
      let c = ch;
      if (!this.latinChars.has(cp)) {
        if (this.cjkChars.has(cp)) font = this.cjk;
        else c = '?';
      }
      const last = out[out.length - 1];
      if (last && last.font === font) last.text += c;
      else out.push({ font, text: c });
    }
    return out;
  }

  width(text: string, style: TextStyle = {}): number {
    const size = style.size ?? 10;
    return this.runs(text, !!style.bold).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
  }

  /** Greedy line breaking: Latin words stay whole when they fit, CJK breaks between any two characters. */
  wrap(text: string, maxWidth: number, style: TextStyle = {}): string[] {
    const lines: string[] = [];
    for (const para of text.split('\n')) {
      const tokens = para.match(/[\x21-\x7e\u00a0-\u024f]+\s*|\s+|./gu) ?? [''];
      let line = '';
      for (const token of tokens) {
        // Closing punctuation never starts a line (禁则): it may hang a little past the margin instead.
        if (this.width(line + token, style) <= maxWidth || (line && CLOSING.test(token))) {
          line += token;
          continue;
        }
        if (line.trim()) lines.push(line.trimEnd());
        line = '';
        // A token wider than a line is cut by characters.
        for (const ch of token.trimStart()) {
          if (this.width(line + ch, style) > maxWidth && line) {
            lines.push(line);
            line = '';
          }
          line += ch;
        }
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }

  /** Draws one line with its baseline at `y`. */
  drawLine(text: string, x: number, y: number, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    let cx = x;
    for (const r of this.runs(text, !!style.bold)) {
      this.page.drawText(r.text, { x: cx, y, size, font: r.font, color: style.color ?? INK });
      // The CJK font has no bold face: a second pass a hair to the right thickens the strokes.
      if (style.bold && r.font === this.cjk) this.page.drawText(r.text, { x: cx + size / 40, y, size, font: r.font, color: style.color ?? INK });
      cx += r.font.widthOfTextAtSize(r.text, size);
    }
  }

  lineHeight(style: TextStyle = {}): number {
    return (style.size ?? 10) * 1.5;
  }

  /** A wrapped paragraph at the cursor, breaking pages between lines. */
  paragraph(text: string, opts: TextStyle & { x?: number; width?: number } = {}): void {
    const x = opts.x ?? MARGIN;
    const lh = this.lineHeight(opts);
    for (const line of this.wrap(text, opts.width ?? CONTENT_WIDTH - (x - MARGIN), opts)) {
      this.ensure(lh);
      this.drawLine(line, x, this.y - (opts.size ?? 10), opts);
      this.y -= lh;
    }
  }

  /** Centred single line. */
  centred(text: string, style: TextStyle): void {
    const lh = this.lineHeight(style);
    this.ensure(lh);
    this.drawLine(text, (A4.width - this.width(text, style)) / 2, this.y - (style.size ?? 10), style);
    this.y -= lh;
  }

  rule(color: Color = RULE): void {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4.width - MARGIN, y: this.y }, thickness: 0.6, color });
  }

  /** A heading with a rule under it; kept together with `keep` points of what follows. */
  heading(text: string, keep = 40): void {
    this.y -= 8;
    this.ensure(24 + keep);
    this.drawLine(text, MARGIN, this.y - 12, { size: 12, bold: true });
    this.y -= 18;
    this.rule(INK);
    this.y -= 6;
  }

  /** A label/value row: the label in a narrow column, the value wrapped beside it. */
  labelled(label: string, value: string, labelWidth = 110): void {
    const style: TextStyle = { size: 10 };
    const lh = this.lineHeight(style);
    const labelLines = this.wrap(label, labelWidth - 8, style);
    const valueLines = this.wrap(value || '—', CONTENT_WIDTH - labelWidth, style);
    const n = Math.max(labelLines.length, valueLines.length);
    for (let i = 0; i < n; i++) {
      this.ensure(lh);
      if (labelLines[i]) this.drawLine(labelLines[i]!, MARGIN, this.y - 10, { size: 10, color: MUTED });
      if (valueLines[i] !== undefined) this.drawLine(valueLines[i]!, MARGIN + labelWidth, this.y - 10, style);
      this.y -= lh;
    }
    this.y -= 2;
  }

  /** A grid with a shaded header row, repeated on each page it spans. */
  grid(header: string[], rows: string[][], weights: number[] = [], x = MARGIN, width = CONTENT_WIDTH): void {
    const style: TextStyle = { size: 9 };
    const pad = 4;
    const w = header.map((_, i) => weights[i] ?? 1);
    const total = w.reduce((a, b) => a + b, 0);
    const colW = w.map((v) => (v / total) * width);
    const colX = colW.map((_, i) => x + colW.slice(0, i).reduce((a, b) => a + b, 0));
    const lh = this.lineHeight(style);
    const drawRow = (cells: string[], shade: boolean) => {
      const wrapped = cells.map((c, i) => this.wrap(c, colW[i]! - 2 * pad, style));
      const h = Math.max(1, ...wrapped.map((l) => l.length)) * lh + 2 * pad;
      if (this.y - h < MARGIN + 18) {
        this.newPage();
        if (!shade) drawRow(header, true);
      }
      const top = this.y;
      if (shade) this.page.drawRectangle({ x, y: top - h, width, height: h, color: SHADE });
      wrapped.forEach((lines, i) => {
        lines.forEach((l, j) => this.drawLine(l, colX[i]! + pad, top - pad - 9 - j * lh, { ...style, bold: shade }));
        this.page.drawRectangle({ x: colX[i]!, y: top - h, width: colW[i]!, height: h, borderColor: RULE, borderWidth: 0.6 });
      });
      this.y -= h;
    };
    drawRow(header, true);
    for (const r of rows) drawRow(r, false);
    this.y -= 6;
  }

  /** A PNG from a data URL, scaled to `height`; null when it cannot be read. */
  async png(dataUrl: string): Promise<PDFImage | null> {
    const hit = this.images.get(dataUrl);
    if (hit) return hit;
    const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
    if (!m) return null;
    try {
      const img = await this.doc.embedPng(Buffer.from(m[1]!, 'base64'));
      this.images.set(dataUrl, img);
      return img;
    } catch {
      return null;
    }
  }

  /** A red stamp (已通过, 已驳回 …) at the top right of the current page. */
  stamp(text: string, color: Color): void {
    const size = 20;
    const w = this.width(text, { size }) + 24;
    const h = size + 14;
    const x = A4.width - MARGIN - w - 6;
    const y = A4.height - MARGIN - h - 30;
    const rotate = degrees(-12);
    this.page.drawRectangle({ x, y, width: w, height: h, borderColor: color, borderWidth: 2, rotate, opacity: 0, borderOpacity: 0.85 });
    const rad = (-12 * Math.PI) / 180;
    // Text origin rotated with the box around its lower-left corner.
    const [tx, ty] = [12, 9];
    this.drawRotated(text, x + tx * Math.cos(rad) - ty * Math.sin(rad), y + tx * Math.sin(rad) + ty * Math.cos(rad), size, color, -12);
  }

  private drawRotated(text: string, x: number, y: number, size: number, color: Color, angle: number): void {
    const rad = (angle * Math.PI) / 180;
    let offset = 0;
    for (const r of this.runs(text, true)) {
      this.page.drawText(r.text, { x: x + offset * Math.cos(rad), y: y + offset * Math.sin(rad), size, font: r.font, color, rotate: degrees(angle) });
      offset += r.font.widthOfTextAtSize(r.text, size);
    }
  }

  /** Page numbers and a line of text at the foot of every page. */
  footer(text: string): void {
    const pages = this.doc.getPages();
    pages.forEach((p, i) => {
      const current = this.page;
      this.page = p;
      const line = `${text}    第 ${i + 1} / ${pages.length} 页`;
      this.drawLine(line, (A4.width - this.width(line, { size: 8 })) / 2, MARGIN - 20, { size: 8, color: MUTED });
      this.page = current;
    });
  }

  save(): Promise<Uint8Array> {
    return this.doc.save();
  }
}
