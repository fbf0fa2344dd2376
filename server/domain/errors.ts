// Errors the use cases raise; the HTTP edge turns each into one problem+json response.
import type { FieldError } from './schemas';

export class InvalidInput extends Error {
  constructor(readonly errors: FieldError[], message = 'The request has invalid fields') {
    super(message);
  }
}

/** A use case's write committed, but the coverage model could not take it in: the answer must not say nothing was stored. */
export class StoredButNotApplied extends Error {
  constructor(readonly what: string, readonly location: string | null, override readonly cause: unknown) {
    super(`${what} was stored, but the coverage model could not take it in`);
  }
}

export class NotFound extends Error {
  constructor(readonly what: string, readonly id: string | number) {
    super(`${what} ${id} does not exist`);
  }
}
