// Entry of the observation writer's thread (observation-writer-thread.ts): Node's worker threads do not inherit tsx's loader, so this
// plain module loads the TypeScript one through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./observation-writer-thread.ts', import.meta.url);
