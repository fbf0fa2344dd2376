// Each report kind's meaning, written out by hand: adding a kind to domain/vocabulary.ts means adding its row
// here. Everything else (edge schemas, OpenAPI, Open311, SQL guards, the client) reads the vocabulary.
import { describe, expect, it } from 'vitest';
import { REPORT_KINDS, REPORT_KIND_LIST, SITING_DEMAND_KINDS, reportKind, reportsAProblem, type ReportKind } from '../../server/domain/vocabulary';

const EXPECTED: Record<ReportKind, { says: 'none' | 'poor' | 'covered'; problem: boolean; newSiteWouldHelp: boolean }> = {
  no_wifi: { says: 'none', problem: true, newSiteWouldHelp: true },
  too_weak: { says: 'poor', problem: true, newSiteWouldHelp: true },
  cant_connect: { says: 'poor', problem: true, newSiteWouldHelp: true },
  hotspot_down: { says: 'none', problem: true, newSiteWouldHelp: false }, // repair the hotspot, do not add one
  works: { says: 'covered', problem: false, newSiteWouldHelp: false },
};

describe('report kinds', () => {
  it('when the kinds are listed, then they are the rows above, in the order the engine numbers them', () => {
    expect(REPORT_KINDS).toEqual(Object.keys(EXPECTED));
  });

  it.each(Object.entries(EXPECTED))('when a resident reports %s, then it says %j', (kind, expected) => {
    const k = kind as ReportKind;
    expect(reportKind(k).says).toBe(expected.says);
    expect(reportsAProblem(k)).toBe(expected.problem);
    expect(SITING_DEMAND_KINDS.includes(k)).toBe(expected.newSiteWouldHelp);
  });

  it('when a kind is shown, then its label, colour and Open311 description are its own', () => {
    const distinct = (key: 'label' | 'colour' | 'open311') => new Set(REPORT_KIND_LIST.map((k) => k[key])).size;
    expect([distinct('label'), distinct('colour'), distinct('open311')]).toEqual([REPORT_KINDS.length, REPORT_KINDS.length, REPORT_KINDS.length]);
    for (const k of REPORT_KIND_LIST) {
      expect(k.colour).toMatch(/^#[0-9a-f]{6}$/);
      expect(k.open311).toMatch(/^[A-Z].*\.$/); // a sentence, as GeoReport clients show it
    }
  });

  it('when a kind this version does not know arrives, then it fails at once, naming the value', () => {
    expect(() => reportKind('no_signal' as ReportKind)).toThrow('report kind "no_signal" must be one of no_wifi, too_weak, cant_connect, hotspot_down, works');
  });
});
