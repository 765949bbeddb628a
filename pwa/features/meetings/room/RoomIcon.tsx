// Icons only the meeting room uses (same 24×24 line style as ui/Icon). Decorative: buttons carry the label.
const PATHS = {
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3ZM5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21M8.5 21h7',
  micOff: 'M3 3l18 18M9 9v3a3 3 0 0 0 5.1 2.1M15 10V6a3 3 0 0 0-5.7-1.3M5.5 11a6.5 6.5 0 0 0 10.4 5.2M18.5 11a6.4 6.4 0 0 1-.6 2.7M12 17.5V21M8.5 21h7',
  cam: 'M3 7h12v10H3zM15 10.5 21 7v10l-6-3.5',
  camOff: 'M3 3l18 18M9 7h6v6M15 10.5 21 7v10l-3-1.7M3 7h2M3 7v10h12v-2',
  screen: 'M3 4h18v12H3zM8 20h8M12 16v4M9 10l3-3 3 3M12 7v6',
  hand: 'M8 13V5.5a1.5 1.5 0 0 1 3 0V11M11 10.5v-6a1.5 1.5 0 0 1 3 0v6M14 10.5V6a1.5 1.5 0 0 1 3 0v7.5c0 4-2.5 7-6 7-2.7 0-4-1.3-5.6-3.6L3.8 14.3a1.5 1.5 0 0 1 2.4-1.8L8 15',
  leave: 'M3.5 14.5c5-5 12-5 17 0l-2 2.5-3.5-1.5v-2.5a10 10 0 0 0-6 0v2.5L5.5 17z',
  members: 'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7ZM2.5 20c0-3.5 3-5.5 6.5-5.5s6.5 2 6.5 5.5M16 4.3a3.5 3.5 0 0 1 0 6.4M18 14.8c2.1.6 3.5 2.4 3.5 5.2',
  chat: 'M4 5h16v11H9l-5 4z',
  more: 'M6 12h.01M12 12h.01M18 12h.01',
  grid: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  speaker: 'M3 4h18v11H3zM3 18h5v3H3zM9.5 18h5v3h-5zM16 18h5v3h-5z',
  pen: 'M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4',
  highlighter: 'M9 15l-3 3H3l3-3M9 15l-3-3 8-8 6 6-8 8zM14 21h7',
  arrow: 'M5 19 19 5M10 5h9v9',
  text: 'M5 6V4h14v2M12 4v16M9 20h6',
  laser: 'M12 12h.01M12 5v2M12 17v2M5 12h2M17 12h2M7 7l1.4 1.4M15.6 15.6 17 17M7 17l1.4-1.4M15.6 8.4 17 7',
  clear: 'M4 7h16M9 7V4h6v3M6 7l1 14h10l1-14',
  lock: 'M6 11h12v10H6zM8.5 11V7.5a3.5 3.5 0 0 1 7 0V11',
  close: 'M6 6l12 12M18 6 6 18',
  crown: 'M3 8l4.5 4L12 5l4.5 7L21 8l-2 11H5z',
  chevronLeft: 'M15 6l-6 6 6 6',
  chevronRight: 'M9 6l6 6-6 6',
  send: 'M4 12 20 4l-6 16-3-7z',
  pin: 'M12 3v2M8 5h8l-1 6 3 3H6l3-3zM12 14v7',
} as const;

export type RoomIconName = keyof typeof PATHS;

export function RoomIcon({ name, size = 22 }: { name: RoomIconName; size?: number }) {
  return (
    <svg class="icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} />
    </svg>
  );
}

/** Three bars, as many lit as the connection is good. */
export function SignalBars({ quality, label }: { quality: 'good' | 'ok' | 'poor'; label: string }) {
  const lit = quality === 'good' ? 3 : quality === 'ok' ? 2 : 1;
  return (
    <svg class={`room-signal room-signal-${quality}`} width="18" height="18" viewBox="0 0 18 18" role="img" aria-label={label}>
      {[0, 1, 2].map((i) => (
        <rect key={i} x={2 + i * 5.5} y={12 - i * 4} width="3.5" height={4 + i * 4} rx="1" fill="currentColor" opacity={i < lit ? 1 : 0.3} />
      ))}
    </svg>
  );
}
