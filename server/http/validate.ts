// Validation at the edge: one call per input, every problem reported together.
import type { z } from 'zod';
import { InvalidInput } from '../domain/errors';
import { fieldErrors } from '../domain/schemas';

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInput(fieldErrors(result.error));
  return result.data;
}
