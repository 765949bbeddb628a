// What an SMS says: 【signature】title：body excerpt + link, within a cap. Pure (no Node, no database).
// A Chinese SMS is UCS-2: 70 characters in one part, 67 per part of a long one — every character costs, so
// the link and the signature (which Chinese operators require) are never cut; the title is, then the body.

export interface SmsTextInput {
  signature: string;
  title: string;
  body: string;
  url: string;
}

/** Default cap: five UCS-2 parts at most. */
export const SMS_MAX_CHARS = 300;
/** Below this much room a body excerpt says nothing useful: leave it out. */
const MIN_EXCERPT = 10;

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g;

/** One line of plain text: tags dropped, control characters and runs of whitespace folded to one space. */
export function plainLine(s: string): string {
  return s
    .replace(/<[^>]*>/g, ' ')
    .replace(CONTROL, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Code points, so a character outside the BMP (𠮷) is never split in half. */
function cut(s: string, max: number): string {
  const cps = [...s];
  if (cps.length <= max) return s;
  if (max <= 1) return cps.slice(0, Math.max(0, max)).join('');
  return cps.slice(0, max - 1).join('') + '…';
}

const len = (s: string) => [...s].length;

export function smsText(input: SmsTextInput, max = SMS_MAX_CHARS): string {
  const signature = plainLine(input.signature);
  const url = input.url.trim();
  const title = plainLine(input.title);
  const body = plainLine(input.body);
  const tail = url ? ` ${url}` : '';
  const room = max - len(signature) - len(tail);
  const head = cut(title, Math.max(room, 1));
  let text = signature + head;
  const left = room - len(head) - 1; // '：'
  if (body && body !== title && left >= MIN_EXCERPT) text += '：' + cut(body, left);
  return text + tail;
}

