// Icons the preview needs beyond the shared set, drawn the same way (24×24, 1.75 stroke, round ends).
const PATHS = {
  hand: 'M8 11V5.5a1.5 1.5 0 0 1 3 0V10M11 9.5v-5a1.5 1.5 0 0 1 3 0v5M14 9.5V6a1.5 1.5 0 0 1 3 0v7c0 4-2.5 7-6.5 7-2.5 0-4-1-5.5-3l-2.6-3.8a1.5 1.5 0 0 1 2.4-1.8L8 14V11',
  note: 'M5 4h14a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1h-6l-4 4v-4H5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1ZM8 8.5h8M8 12h5',
  marker: 'M4 20h7M14.5 4.5l5 5-8 8H7v-4.5zM12 7l5 5',
  pen: 'M4 20c2.5-.3 4-1.2 5.2-2.4L19 7.8a2.1 2.1 0 0 0-3-3L6.3 14.6C5 15.9 4.4 17.4 4 20ZM14.5 6.5l3 3',
  undo: 'M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11',
  zoomIn: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14ZM20 20l-4-4M11 8v6M8 11h6',
  zoomOut: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14ZM20 20l-4-4M8 11h6',
  fitWidth: 'M4 5v14M20 5v14M7.5 12h9M10 9.5 7.5 12l2.5 2.5M14 9.5l2.5 2.5-2.5 2.5',
  back: 'M15 5l-7 7 7 7',
  comments: 'M4 5h12v9H8l-4 3zM8 17.5V18h8l4 3V9h-1.5',
  pin: 'M12 21s-6-5.7-6-10.5a6 6 0 0 1 12 0C18 15.3 12 21 12 21ZM12 12.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4Z',
  reply: 'M10 8 5 12.5l5 4.5M5 12.5h9a5 5 0 0 1 5 5V19',
  userPlus: 'M10 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8ZM3 21c0-3.9 3.1-6.5 7-6.5 1.2 0 2.3.2 3.2.7M18 14v6M15 17h6',
  history: 'M3 12a9 9 0 1 0 2.6-6.4M3 4v4h4M12 8v4l3 2',
} as const;

export type PreviewIconName = keyof typeof PATHS;

export function PvIcon({ name, size = 20 }: { name: PreviewIconName; size?: number }) {
  return (
    <svg
      class="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.75"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
