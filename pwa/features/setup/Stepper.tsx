import { Icon } from '../../ui';

/** "1 学校 — 2 管理员 — 3 完成": where the user is in a multi-step form. */
export function Stepper({ steps, current, label }: { steps: string[]; current: number; label: string }) {
  return (
    <ol class="stepper" aria-label={label}>
      {steps.map((s, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={s} class={`stepper-item stepper-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span class="stepper-dot" aria-hidden="true">
              {state === 'done' ? <Icon name="check" size={14} /> : i + 1}
            </span>
            <span class="stepper-label">{s}</span>
          </li>
        );
      })}
    </ol>
  );
}
