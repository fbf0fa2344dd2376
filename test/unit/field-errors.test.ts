// The errors a 400 lists: every field with its path, up to FIELD_ERRORS_MAX, then one entry counting the rest.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors } from '../../server/domain/schemas';
import { FIELD_ERRORS_MAX } from '../../server/domain/limits';

const unknownKeys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1]));
const errorsOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the value to be refused');
  return fieldErrors(result.error);
};

describe('fieldErrors', () => {
  const form = z.strictObject({ name: z.string(), inner: z.strictObject({ size: z.number() }).optional() });

  it('names each problem at its path, an unknown key at its own', () => {
    expect(errorsOf(form, { name: 3, inner: { size: 'big', colour: 'red' }, extra: true })).toEqual([
      { path: 'name', message: expect.any(String) },
      { path: 'inner.size', message: expect.any(String) },
      { path: 'inner.colour', message: 'unknown field' },
      { path: 'extra', message: 'unknown field' },
    ]);
  });

  it('lists exactly the limit with no count, and one past it as the limit and "1 more"', () => {
    const atLimit = errorsOf(form, { name: 'x', ...unknownKeys(FIELD_ERRORS_MAX) });
    expect(atLimit).toHaveLength(FIELD_ERRORS_MAX);
    expect(atLimit.at(-1)).toEqual({ path: `k${FIELD_ERRORS_MAX - 1}`, message: 'unknown field' });
    const past = errorsOf(form, { name: 'x', ...unknownKeys(FIELD_ERRORS_MAX + 1) });
    expect(past).toHaveLength(FIELD_ERRORS_MAX + 1);
    expect(past[FIELD_ERRORS_MAX - 1]).toEqual({ path: `k${FIELD_ERRORS_MAX - 1}`, message: 'unknown field' });
    expect(past.at(-1)).toEqual({ path: '', message: 'and 1 more problems not listed' });
  });

  it('counts problems of every kind once the list is full, in the order found', () => {
    // Item 0 gives 99 problems, item 1 the 100th; the three after it are counted, not listed.
    const list = z.array(z.strictObject({ n: z.number() }));
    const value = [unknownKeys(FIELD_ERRORS_MAX - 2), { n: 'a' }, { n: 'b' }, { n: 'c', k: 1 }];
    const errors = errorsOf(list, value);
    expect(errors).toHaveLength(FIELD_ERRORS_MAX + 1);
    expect(errors[0]).toEqual({ path: '0.n', message: expect.any(String) });
    expect(errors[1]).toEqual({ path: '0.k0', message: 'unknown field' });
    expect(errors[FIELD_ERRORS_MAX - 1]).toEqual({ path: '1.n', message: expect.any(String) });
    expect(errors.at(-1)).toEqual({ path: '', message: 'and 3 more problems not listed' });
  });

  it('writes a large count with thousands separators', () => {
    expect(errorsOf(form, { name: 'x', ...unknownKeys(5_000) }).at(-1)).toEqual({ path: '', message: 'and 4,900 more problems not listed' });
  });
});
