// Residents' reports: create once (a retried send returns the first result) and list.
import { InvalidInput } from '../domain/errors';
import type { ReportInput } from '../domain/schemas';
import type { Report } from '../domain/types';
import type { Store } from '../store';

export function createReport(store: Store, input: ReportInput, now: Date): { report: Report; created: boolean } {
  return store.transaction(() => {
    const earlier = input.clientId ? store.reports.byClientId(input.clientId) : undefined;
    if (earlier) return { report: earlier, created: false };
    if (input.accessPointId !== undefined && !store.accessPoints.get(input.accessPointId))
      throw new InvalidInput([{ path: 'accessPointId', message: `access point ${input.accessPointId} does not exist` }]);
    return { report: store.reports.insert(input, now.toISOString()), created: true };
  });
}
