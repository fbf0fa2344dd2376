// Saved what-if scenarios.
import type { Db } from './db';
import type { WhatIfInput } from '../domain/schemas';

export interface SavedScenario { id: number; name: string; body: WhatIfInput; createdBy: string | null; createdAt: string; updatedAt: string }
interface Row { id: number; name: string; body: string; username: string | null; created_at: string; updated_at: string }

const toScenario = (r: Row): SavedScenario => ({
  id: r.id, name: r.name, body: JSON.parse(r.body) as WhatIfInput, createdBy: r.username, createdAt: r.created_at, updatedAt: r.updated_at,
});

export function scenarioRepository(db: Db) {
  const insert = db.prepare('INSERT INTO scenarios (name, body, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const select = 'SELECT s.id, s.name, s.body, u.username, s.created_at, s.updated_at FROM scenarios s LEFT JOIN users u ON u.id = s.created_by';
  const byId = db.prepare<[number], Row>(`${select} WHERE s.id = ?`);
  const all = db.prepare<[], Row>(`${select} ORDER BY s.id DESC`);
  const remove = db.prepare('DELETE FROM scenarios WHERE id = ?');
  return {
    insert: (name: string, body: WhatIfInput, userId: number, now: string) => Number(insert.run(name, JSON.stringify(body), userId, now, now).lastInsertRowid),
    get: (id: number) => {
      const row = byId.get(id);
      return row && toScenario(row);
    },
    list: () => all.all().map(toScenario),
    remove: (id: number) => remove.run(id).changes === 1,
  };
}
