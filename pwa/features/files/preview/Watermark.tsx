// The viewer's name and the time, tiled diagonally over a page of a sensitive file so that a screenshot
// or a photo of the screen says who looked at it. It lets every tap through (pointer-events: none).
import { useId } from 'preact/hooks';

const FONT_PX = 15;

/** Rough width of the text at FONT_PX: CJK characters are square, the rest about half as wide. */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\uffff]/.test(ch) ? FONT_PX : FONT_PX * 0.56;
  return w;
}

export function Watermark({ text }: { text: string }) {
  const id = `wm-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  // Each tile holds one copy, and a second one half a tile along on the next row (drawn twice so the
  // part that crosses the tile's edge shows in the neighbouring tile).
  const w = Math.max(260, Math.ceil(textWidth(text)) + 150);
  const h = 180;
  return (
    <svg class="pv-watermark" aria-hidden="true" data-watermark={text}>
      <defs>
        <pattern id={id} width={w} height={h} patternUnits="userSpaceOnUse" patternTransform="rotate(-28)">
          <g class="pv-watermark-text" font-size={FONT_PX}>
            <text x="0" y={h * 0.3}>
              {text}
            </text>
            <text x={w / 2} y={h * 0.8}>
              {text}
            </text>
            <text x={-w / 2} y={h * 0.8}>
              {text}
            </text>
          </g>
        </pattern>
      </defs>
      <rect width="100%" height="100%" fill={`url(#${id})`} />
    </svg>
  );
}
