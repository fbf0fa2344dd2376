// Errors the use cases raise; the HTTP edge turns each into one problem+json response.
import type { FieldError } from './schemas';

export class InvalidInput extends Error {
  constructor(readonly errors: FieldError[], message = 'The request has invalid fields') {
    super(message);
  }
}

export class NotFound extends Error {
  constructor(readonly what: string, readonly id: string | number) {
    super(`${what} ${id} does not exist`);
  }
}
