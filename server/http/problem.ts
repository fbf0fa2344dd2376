// RFC 9457 problem details: the one shape of every error response.
import type { ErrorRequestHandler, Response } from 'express';
import { InvalidInput, NotFound } from '../domain/errors';
import type { FieldError } from '../domain/schemas';

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').json({ type: 'about:blank', ...problem });
}

export class HttpProblem extends Error {
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}) {
    super(problem.detail ?? problem.title);
  }
}

/** Body-parser failures carry a `type`; each becomes a problem that says what to fix. */
const BODY_ERRORS: Record<string, (err: { limit?: number }) => Problem> = {
  'entity.parse.failed': () => ({ title: 'Malformed JSON', status: 400, detail: 'The request body is not valid JSON.' }),
  'entity.too.large': (e) => ({ title: 'Body too large', status: 413, detail: `The request body exceeds ${e.limit} bytes.` }),
  'encoding.unsupported': () => ({ title: 'Unsupported encoding', status: 415, detail: 'Send the body as UTF-8.' }),
  'charset.unsupported': () => ({ title: 'Unsupported charset', status: 415, detail: 'Send the body as UTF-8.' }),
};

export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (res.headersSent) return void res.end();
    if (err instanceof InvalidInput)
      return sendProblem(res, { title: 'Invalid input', status: 400, detail: summarise(err.errors), errors: err.errors });
    if (err instanceof NotFound) return sendProblem(res, { title: 'Not found', status: 404, detail: err.message });
    if (err instanceof HttpProblem) {
      res.set(err.headers);
      return sendProblem(res, err.problem);
    }
    const bodyError = typeof err?.type === 'string' ? BODY_ERRORS[err.type] : undefined;
    if (bodyError) return sendProblem(res, bodyError(err));
    log(`unhandled error: ${err?.stack ?? err}`);
    sendProblem(res, { title: 'Internal error', status: 500, detail: 'Something went wrong on our side; nothing was stored.' });
  };
}

function summarise(errors: FieldError[]): string {
  const shown = errors.slice(0, 3).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  return shown.join('; ') + (errors.length > 3 ? `; and ${errors.length - 3} more` : '');
}
