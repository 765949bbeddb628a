// What every field component of one rendered form shares: ids, the disabled flag, names for ids already in the
// answers, and where uploads go.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AnswerValue } from '../../../../server/lib/form-schema';
import type { SubmissionDetail } from '../../../../server/modules/forms/forms.dto';

export type Refs = SubmissionDetail['refs'];

export interface RendererContext {
  /** Unique per rendered form, so two forms on a page never share element ids. */
  idPrefix: string;
  disabled: boolean;
  refs: Refs | undefined;
  /** Folder (below the personal space) this form's uploads go to: one per filling-in, so names never clash with older files. */
  uploadDir: string;
  /** Change one answer from its latest value (async uploads must not work on a stale copy). */
  update: (key: string, fn: (prev: AnswerValue | undefined) => AnswerValue | undefined) => void;
  errors: Record<string, string>;
}

export const Ctx = createContext<RendererContext | null>(null);

export function useRenderer(): RendererContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('field rendered outside FormRenderer');
  return c;
}
