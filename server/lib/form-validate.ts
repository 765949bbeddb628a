// Validating a submission against its form: the server's last word on what is stored, and the same code the
// PWA runs before submitting. Only the answers of fields the person could see are kept; calculated values and
// leave days are recomputed here, whatever the client sent.
import type { AnswerValue, Answers, FormField, FormSchema, TableColumn } from './form-schema.js';
import { computeCalc, parseFormulaCached, walkForm } from './form-logic.js';
import { checkField, defaultMessage, type FieldError, type ValidateContext } from './form-validate-fields.js';

export {
  FIELD_ERROR_CODES, TABLE_MAX_ROWS, TEXT_MAX_DEFAULT, TEXTAREA_MAX_DEFAULT, FILES_MAX_DEFAULT, SIGNATURE_MAX_CHARS,
  checkField, compilePattern, defaultMessage,
  type FieldError, type FieldErrorCode, type ValidateContext, type Checked, type Issue,
} from './form-validate-fields.js';
export { validateFormSchema, type SchemaIssue } from './form-validate-schema.js';

/** RFC 6901: '~' and '/' inside a segment are escaped. */
function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function answerKeys(schema: FormSchema): Set<string> {
  const keys = new Set<string>();
  for (const section of schema.sections) for (const f of section.fields) if (f.type !== 'description') keys.add(f.key);
  return keys;
}

/**
 * Check and normalise a submission. `answers` holds only visible answer fields, in form order: text trimmed,
 * phone numbers as 11 digits, ID numbers with an upper-case X, money in cents, date ranges with their days
 * recomputed, calc fields recomputed; blank optional answers and hidden fields' answers are dropped.
 * Keys that are not answer fields of the form are errors ('unknownField').
 */
export function validateAnswers(schema: FormSchema, input: Answers, ctx: ValidateContext): { answers: Answers; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const source: Answers = input !== null && typeof input === 'object' && !Array.isArray(input) ? input : {};
  const known = answerKeys(schema);
  for (const key of Object.keys(source)) {
    if (!known.has(key)) errors.push({ pointer: pointer('answers', key), code: 'unknownField', message: defaultMessage('unknownField') });
  }

  const { answers } = walkForm(schema, source, (field, raw, visibleSoFar) => {
    const at = pointer('answers', field.key);
    if (field.type === 'calc') {
      if (!parseFormulaCached(field.formula).ok) {
        errors.push({ pointer: at, code: 'formula', message: defaultMessage('formula') });
        return undefined;
      }
      const value = computeCalc(field, visibleSoFar);
      if (value === null) {
        if (field.required) errors.push({ pointer: at, code: 'required', message: defaultMessage('required') });
        return undefined;
      }
      const v = field.validation;
      const message = (code: 'min' | 'max', params: Record<string, number>) => v?.message || defaultMessage(code, params);
      if (v?.min !== undefined && value < v.min) errors.push({ pointer: at, code: 'min', message: message('min', { min: v.min }), params: { min: v.min } });
      if (v?.max !== undefined && value > v.max) errors.push({ pointer: at, code: 'max', message: message('max', { max: v.max }), params: { max: v.max } });
      return value;
    }
    const checked = checkField(field, raw, ctx);
    for (const issue of checked.issues) {
      errors.push({
        pointer: at + (issue.path ? pointer(...issue.path) : ''),
        code: issue.code,
        message: issue.message,
        ...(issue.params ? { params: issue.params } : {}),
      });
    }
    return checked.value;
  });
  return { answers, errors };
}

/** The value a renderer starts an unanswered field with (undefined: the field holds no answer). */
export function emptyAnswer(field: FormField | TableColumn): AnswerValue | undefined {
  switch (field.type) {
    case 'description':
      return undefined;
    case 'number':
    case 'money':
    case 'calc':
    case 'dateRange':
      return null;
    case 'checkbox':
    case 'attachment':
    case 'image':
    case 'table':
      return [];
    case 'person':
    case 'department':
      return field.multiple ? [] : '';
    default:
      return '';
  }
}
