// The live preview: the real form renderer in a 360-px phone frame, interactive, so show-if logic, jumps and
// formulas can be tried while building. "检查" runs the same answer checks as submitting; nothing is sent.
import { Component, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Answers, FormSchema, SchoolCalendar } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { Button } from '../../../ui';
import { FormRenderer } from '../renderer/FormRenderer';
import { checkAnswers } from '../renderer/form-state';

/** A draft half-way through an edit may not render; say so instead of breaking the page. */
class PreviewBoundary extends Component<{ children: ComponentChildren; schema: FormSchema }, { failed: boolean }> {
  override state = { failed: false };
  override componentDidCatch(): void {
    this.setState({ failed: true });
  }
  override componentDidUpdate(prev: { schema: FormSchema }): void {
    if (prev.schema !== this.props.schema && this.state.failed) this.setState({ failed: false });
  }
  render() {
    return this.state.failed ? <p class="small muted fb-preview-fail">{t('forms.builder.previewFailed')}</p> : this.props.children;
  }
}

export function PreviewPane({ schema, name, calendar }: { schema: FormSchema; name: string; calendar: SchoolCalendar }) {
  const [answers, setAnswers] = useState<Answers>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [checked, setChecked] = useState<null | number>(null);
  const check = () => {
    try {
      const r = checkAnswers(schema, answers, calendar);
      setErrors(r.errors);
      setChecked(r.list.length);
    } catch {
      setChecked(null);
    }
  };
  return (
    <div class="fb-preview">
      <div class="fb-preview-bar">
        <span class="small text-2 fb-preview-hint">{t('forms.builder.previewHint')}</span>
        <span class="fb-preview-actions">
          <Button size="sm" variant="secondary" icon="check" onClick={check}>
            {t('forms.builder.previewCheck')}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            icon="refresh"
            onClick={() => {
              setAnswers({});
              setErrors({});
              setChecked(null);
            }}
          >
            {t('forms.builder.previewReset')}
          </Button>
        </span>
      </div>
      {checked !== null ? (
        <p class={`small ${checked ? 'danger-text' : 'success-text'}`} role="status">
          {checked ? t('forms.builder.previewErrors', { n: checked }) : t('forms.builder.previewOk')}
        </p>
      ) : null}
      <div class="fb-phone" role="region" aria-label={t('forms.builder.previewFrame')}>
        <div class="fb-phone-top" aria-hidden="true">
          <span class="fb-phone-notch" />
        </div>
        <div class="fb-phone-title ellipsis">{name || t('forms.builder.untitled')}</div>
        <div class="fb-phone-screen">
          <PreviewBoundary schema={schema}>
            <FormRenderer
              schema={schema}
              answers={answers}
              calendar={calendar}
              errors={errors}
              onChange={(next) => {
                setAnswers(next);
                if (checked !== null) setErrors({});
              }}
            />
          </PreviewBoundary>
        </div>
      </div>
    </div>
  );
}
