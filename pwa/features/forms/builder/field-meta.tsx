// Names and line icons of the field types (drawn like pwa/ui/Icon: 24×24, 1.75 stroke), and the builder's
// own small glyphs (drag handle, branch).
import type { FieldType } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';

const FIELD_PATHS: Record<FieldType, string> = {
  text: 'M5 7V5h14v2M12 5v14M9 19h6',
  textarea: 'M4 6h16M4 10h16M4 14h16M4 18h10',
  number: 'M10 4 8 20M16 4l-2 16M4 9h16M4 15h16',
  money: 'M6 4l6 7 6-7M12 11v9M7 12.5h10M7 16.5h10',
  phone: 'M8 3h8v18H8zM11.5 18h1',
  email: 'M3 6h18v12H3zM3 7l9 6 9-6',
  idNumber: 'M3 5h18v14H3zM8.5 11.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4ZM5.5 16c.4-1.8 1.5-2.8 3-2.8s2.6 1 3 2.8M14 9h4M14 13h4',
  radio: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18ZM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z',
  checkbox: 'M4 4h16v16H4zM8 12l3 3 5-6',
  select: 'M4 6h16v12H4zM9.5 11l2.5 2.5 2.5-2.5',
  date: 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4',
  dateRange: 'M4 6h16v14H4zM4 10h16M8 3v4M16 3v4M8 15h7M13 13l2 2-2 2',
  time: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18ZM12 7v5l3 2',
  person: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8ZM4 21c0-4 3.6-6.5 8-6.5s8 2.5 8 6.5',
  department: 'M4 21V5l8-2v18M12 8h8v13M8 8h.01M8 12h.01M8 16h.01M16 12h.01M16 16h.01M2 21h20',
  attachment: 'M20 11.5 12 19.5a5 5 0 0 1-7-7L13 4.5a3.5 3.5 0 0 1 5 5L10 17.5a2 2 0 0 1-3-3L14.5 7',
  image: 'M4 4h16v16H4zM4 16l5-5 4 4 2-2 5 5M15 9h.01',
  signature: 'M3 21c3-1 4-3 6-3s3 2 5 2 4-2 7-3M14 4l3 3-8 8H6v-3z',
  table: 'M3 5h18v14H3zM3 10h18M3 15h18M9 5v14',
  calc: 'M5 3h14v18H5zM8 7h8M8 12h.01M12 12h.01M16 12h.01M8 16h.01M12 16h.01M16 16h.01',
  description: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18ZM12 11v5M12 8h.01',
};

const GLYPHS = {
  grip: 'M9 6h.01M15 6h.01M9 12h.01M15 12h.01M9 18h.01M15 18h.01',
  branch: 'M6 3v6a4 4 0 0 0 4 4h4a4 4 0 0 1 4 4v4M18 3v6a4 4 0 0 1-4 4M6 21v-4',
  copy: 'M8 8h12v12H8zM4 16V4h12',
  logic: 'M4 6h6l4 6-4 6H4M14 12h6',
  jump: 'M4 12h12M12 6l6 6-6 6M20 5v14',
  flag: 'M5 21V4M5 4h12l-2 4 2 4H5',
  start: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8ZM4 21c0-4 3.6-6.5 8-6.5s8 2.5 8 6.5',
} as const;
export type Glyph = keyof typeof GLYPHS;

function Svg({ d, size, strong }: { d: string; size: number; strong?: boolean }) {
  return (
    <svg
      class="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width={strong ? 2.6 : 1.75}
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={d} />
    </svg>
  );
}

export function FieldIcon({ type, size = 18 }: { type: FieldType; size?: number }) {
  return <Svg d={FIELD_PATHS[type]} size={size} />;
}

export function GlyphIcon({ name, size = 18 }: { name: Glyph; size?: number }) {
  return <Svg d={GLYPHS[name]} size={size} strong={name === 'grip'} />;
}

export const typeName = (type: FieldType): string => t(`forms.builder.type.${type}`);
