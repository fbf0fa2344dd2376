// The start of every absolute link the server writes (OGC API links, its HTML page).
import type { Request } from 'express';

/**
 * PUBLIC_BASE_URL when configured. Unset, it is read from the request: the scheme (X-Forwarded-Proto when
 * TRUST_PROXY=true) and the Host header, which the client chooses, so a deployment should configure it.
 */
export const publicBase = (configured: string | null, req: Request): string => configured ?? `${req.protocol}://${req.get('host')}`;
