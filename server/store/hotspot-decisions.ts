// Planners' decisions about hotspots ("still works", discovered hotspot accepted or rejected). Appended only.
import type { Db } from './db';

export type HotspotDecision = 'works' | 'accepted' | 'rejected';

export function hotspotDecisionRepository(db: Db) {
  const insert = db.prepare('INSERT INTO hotspot_decisions (subject, decision, access_point_id, decided_by, decided_at) VALUES (?, ?, ?, ?, ?)');
  const latest = db.prepare<[], { subject: string; decision: HotspotDecision; access_point_id: number | null; decided_at: string }>(`
    SELECT subject, decision, access_point_id, decided_at FROM hotspot_decisions d
    WHERE id = (SELECT max(id) FROM hotspot_decisions WHERE subject = d.subject)`);
  return {
    record(subject: string, decision: HotspotDecision, accessPointId: number | null, userId: number | null, at: string): void {
      insert.run(subject, decision, accessPointId, userId, at);
    },
    /** The newest decision per subject. */
    latest() {
      return latest.all().map((r) => ({ subject: r.subject, decision: r.decision, accessPointId: r.access_point_id, decidedAt: r.decided_at }));
    },
  };
}
