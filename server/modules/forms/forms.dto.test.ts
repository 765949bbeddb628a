// The response shapes that carry a form's schema or flow. fast-json-stringify compiles an Ajv validator for
// each union it meets in a response schema, on that route's first response; the field and flow-node unions
// made that seconds of blocked event loop per route after every restart. They are sent as stored instead.
import { describe, expect, it } from 'vitest';
import { Flow, FormSchema } from '../../lib/form-schema.js';
import { FormDefinition, FormFill, SubmissionDetail } from './forms.dto.js';

const isObjectSchema = (s: unknown) => !!s && typeof s === 'object' && (s as { type?: unknown }).type === 'object';

/** The most object branches of any anyOf/oneOf in a JSON schema (unions of literals are cheap; these are not). */
function widestUnion(schema: unknown): number {
  if (!schema || typeof schema !== 'object') return 0;
  let widest = 0;
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) widest = Math.max(widest, value.filter(isObjectSchema).length);
    widest = Math.max(widest, widestUnion(value));
  }
  return widest;
}

describe('response schemas of forms and submissions', () => {
  it('the request-side schema and flow are unions (checked when saved)', () => {
    expect(widestUnion(FormSchema)).toBeGreaterThan(10);
    expect(widestUnion(Flow)).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['FormDefinition', FormDefinition],
    ['FormFill', FormFill],
    ['SubmissionDetail', SubmissionDetail],
  ])('%s sends the stored schema and flow without describing their unions', (_name, dto) => {
    // Nullable objects (one object branch) stay; the field, flow-node and approver unions do not.
    expect(widestUnion(dto)).toBeLessThanOrEqual(1);
    const props = (dto as { properties: Record<string, unknown> }).properties;
    expect(props.schema).toMatchObject({ type: 'object', additionalProperties: true });
    if ('flow' in props) expect(props.flow).toMatchObject({ type: 'object', additionalProperties: true });
  });
});
