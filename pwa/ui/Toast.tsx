import { signal } from '@preact/signals';
import { Icon } from './Icon';
import type { Tone } from './Badge';

interface ToastItem {
  id: number;
  message: string;
  tone: Tone;
}

const toasts = signal<ToastItem[]>([]);
let nextId = 1;

/** Show a short message at the bottom of the screen. */
export function toast(message: string, tone: Tone = 'neutral', ms = 4000): void {
  const id = nextId++;
  toasts.value = [...toasts.value, { id, message, tone }];
  setTimeout(() => dismiss(id), ms);
}

function dismiss(id: number): void {
  toasts.value = toasts.value.filter((x) => x.id !== id);
}

export function ToastHost() {
  return (
    <div class="toast-host" role="status" aria-live="polite">
      {toasts.value.map((x) => (
        <div key={x.id} class={`toast toast-${x.tone}`}>
          {x.tone === 'success' ? <Icon name="check" size={18} /> : x.tone === 'danger' ? <Icon name="alert" size={18} /> : null}
          <span>{x.message}</span>
        </div>
      ))}
    </div>
  );
}
