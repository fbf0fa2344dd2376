// RFC 9457 problem details: the one shape of every error response.
import type { ErrorRequestHandler, Response } from 'express';
import { InvalidInput, NotFound, StoredButNotApplied } from '../domain/errors';
import type { FieldError } from '../domain/schemas';

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  stored?: { what: string; location: string | null }; // set when a write committed although the request failed after it
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
const BODY_ERRORS: Record<string, (err: BodyError, maxFields?: number) => Problem> = {
  'entity.parse.failed': () => ({ title: 'Malformed JSON', status: 400, detail: 'The request body is not valid JSON.' }),
  'entity.too.large': (e) => ({ title: 'Body too large', status: 413, detail: `The request body exceeds ${e.limit} bytes.` }),
  'parameters.too.many': (_e, max) => ({ title: 'Too many fields', status: 413, detail: `The form has too many fields: send at most ${max ?? 'the allowed number of'} form fields.` }),
  'encoding.unsupported': (e) => ({ title: 'Unsupported encoding', status: 415, detail: `The content encoding "${e.encoding}" is not offered: send the body uncompressed, or as gzip, deflate or br.` }),
  'charset.unsupported': (e) => ({ title: 'Unsupported charset', status: 415, detail: `The charset "${e.charset}" is not offered: send the body as UTF-8.` }),
};

interface BodyError { type?: string; status?: number; expose?: boolean; code?: string; limit?: number; encoding?: string; charset?: string; message?: string }

/**
 * The problem for a request body that could not be read, or undefined for any other error. Body parsers
 * and Express's path decoding raise errors with a 4xx status; none of them is our fault, so none is a 500.
 */
export function bodyProblem(err: unknown, maxFields?: number): Problem | undefined {
  const e = (err ?? {}) as BodyError;
  const known = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
  if (known) return known(e, maxFields);
  const clientsFault = e.expose === true || err instanceof URIError; // the router marks a bad %-escape in a path 400, unexposed
  if (!(clientsFault && typeof e.status === 'number' && e.status >= 400 && e.status < 500)) return undefined;
  if (e.code?.startsWith('Z_')) // zlib: the body is not the gzip, deflate or br its Content-Encoding says
    return { title: 'Bad request', status: 400, detail: `The request body could not be decoded as its Content-Encoding says (${e.message}).` };
  return { title: 'Bad request', status: e.status, detail: `The request could not be read: ${e.message}.` };
}

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
    if (err instanceof StoredButNotApplied) {
      log(`unhandled error after a write committed (${err.what}): ${(err.cause as Error)?.stack ?? err.cause}`);
      return sendProblem(res, {
        title: 'Stored, but not yet in the coverage model', status: 500,
        detail: `${err.what} was stored${err.location ? ` (${err.location})` : ''}; the coverage model could not take it in yet and will when it is next rebuilt. Do not send it again.`,
        stored: { what: err.what, location: err.location },
      });
    }
    const unreadable = bodyProblem(err);
    if (unreadable) return sendProblem(res, unreadable);
    log(`unhandled error: ${err?.stack ?? err}`);
    sendProblem(res, { title: 'Internal error', status: 500, detail: 'Something went wrong on our side; nothing was stored.' });
  };
}

function summarise(errors: FieldError[]): string {
  const shown = errors.slice(0, 3).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  return shown.join('; ') + (errors.length > 3 ? `; and ${errors.length - 3} more` : '');
}
