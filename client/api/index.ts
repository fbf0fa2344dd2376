// The only client code that knows the server's URLs (HTTP API v1). Wire types come from the server's own
// definitions (server/domain/wire.ts, vocabulary.ts, schemas.ts) by `import type`, so a response or request
// shape that changes on one side and not the other fails `tsc`; nothing of the server is bundled but the
// vocabulary (plain lists).
export * from './request'; // the one request helper, ApiError, problem+json parsing, device credentials
export * from './reference'; // client configuration, areas, places
export * from './access-points'; // the registry
export * from './reports'; // residents' reports and staff triage
export * from './coverage'; // cells, gaps, statistics, explanations, what-if, siting
export * from './scenarios'; // saved what-if scenarios
export * from './hotspots'; // discovered hotspots
export * from './session'; // staff sign-in
export * from './data'; // exports and WiGLE uploads
export * from './speed'; // the connection test
