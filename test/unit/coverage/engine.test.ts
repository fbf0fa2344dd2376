import { describe, expect, it } from 'vitest';
import { createCoverageEngine, CoverageEngine, LEVEL_FACTORS, type ObservationInput, type ReportInput, type CoverageEngineInit, type Random } from '../../../server/domain/coverage/index';
import { DAY_MS, NOW, randomAccessPoints, seeded, smallArea } from './helpers';

const area = smallArea();

function engineWith(seed: number, aps = 40, extra: Partial<CoverageEngineInit> = {}): CoverageEngine {
  return createCoverageEngine({ boundary: area, accessPoints: randomAccessPoints(seeded(seed), area, aps), now: NOW, ...extra });
}

/** Random evidence inside the small area: observations and reports from a few devices, some vague, some old. */
function randomEvidence(random: Random, engine: CoverageEngine, count: number): (ObservationInput | ReportInput)[] {
  const [w, s, e, n] = engine.state.grid.bbox();
  const kinds = ['no_wifi', 'too_weak', 'cant_connect', 'hotspot_down', 'works'] as const;
  return Array.from({ length: count }, (_, i) => {
    const base = {
      lon: w + (e - w) * random(),
      lat: s + (n - s) * random(),
      accuracyM: random() < 0.8 ? 5 + 40 * random() : 50 + 120 * random(),
      time: NOW - 400 * DAY_MS * random(),
      deviceKey: random() < 0.1 ? null : `device-${i % 9}`,
    };
    return random() < 0.3 ? { ...base, kind: kinds[Math.floor(random() * kinds.length)] } : { ...base, signalDbm: random() < 0.3 ? null : Math.round(-95 + 50 * random()) };
  });
}

/** A seeded random position whose cell is inside the city. */
function cityPoint(engine: CoverageEngine, random: Random): [number, number] {
  const [w, s, e, n] = engine.state.grid.bbox();
  for (;;) {
    const lon = w + (e - w) * random(), lat = s + (n - s) * random();
    if (engine.state.inside[engine.state.grid.cellAt(lon, lat)]) return [lon, lat];
  }
}

const isReport = (x: ObservationInput | ReportInput): x is ReportInput => 'kind' in x;

function add(engine: CoverageEngine, x: ObservationInput | ReportInput): number[] {
  return isReport(x) ? engine.addReport(x) : engine.addObservation(x);
}

/** A cell's state, rounded below what anyone reads: pooled sums added in another order differ in the last bits. */
function cellState(engine: CoverageEngine) {
  const round = (a: ArrayLike<number>, step: number) => Array.from(a, (v) => (Number.isNaN(v) ? v : Math.round(v / step) * step + 0));
  return {
    fused: round(engine.state.fused, 1e-3), confidence: round(engine.state.confidence, 1e-5), pUsable: round(engine.state.pUsable, 1e-5), cls: engine.state.cls,
    weight: round(engine.state.ledger.weight, 1e-9), dbm: round(engine.state.ledger.weightedDbm, 1e-6),
  };
}

/** Gaps without their bbox: a gap's bbox may stay larger than the gap after cells left it (see GapSummary). */
function gapState(engine: CoverageEngine) {
  return engine.gaps({ includeTiny: true }).map(({ bbox: _loose, ...g }) => ({ ...g, areaM2: Math.round(g.areaM2 * 100) / 100 }));
}

describe('coverage engine invariants', () => {
  it('when cells are counted, then covered cells and gap cells partition the city exactly, and so do their areas', () => {
    for (const seed of [1, 2, 3]) {
      const engine = engineWith(seed, 25 * seed);
      const inside = engine.state.inside.reduce((a, b) => a + b, 0);
      const stats = engine.statistics();
      const gapCells = engine.gaps({ includeTiny: true }).reduce((sum, g) => sum + g.cells, 0);
      expect(stats.cells.covered + gapCells).toBe(inside);
      expect(stats.city.coveredAreaM2 + stats.gaps.areaM2).toBeCloseTo(stats.city.areaM2, 1);
      const { none, poor, fair, good } = stats.city.byClassM2;
      expect(none + poor).toBeCloseTo(stats.gaps.areaM2, 1); // gaps are exactly the poor and none cells
      expect(fair + good).toBeCloseTo(stats.city.coveredAreaM2, 1);
    }
  });

  it('when readings arrive in a few cells, then the statistics say how much of the city is measured, informed from nearby, or predicted only', () => {
    const engine = engineWith(11, 10);
    const before = engine.statistics();
    expect(before.evidence).toMatchObject({ measuredAreaM2: 0, nearbyAreaM2: 0, measuredShare: 0, nearbyShare: 0, predictedShare: 1 });
    expect(before.evidence.predictedAreaM2).toBeCloseTo(before.city.areaM2, 1);

    const random = seeded(11);
    const spots = [cityPoint(engine, random), cityPoint(engine, random), cityPoint(engine, random)];
    const cells = new Set(spots.map(([lon, lat]) => engine.state.grid.cellAt(lon, lat)));
    // Five phones in each spot, positions to 3 m: each reading stays in its own cell and informs the cells around it.
    for (const [lon, lat] of spots) for (let d = 0; d < 5; d++) engine.addObservation({ lon, lat, accuracyM: 3, time: NOW, deviceKey: `phone-${d}`, signalDbm: -70 });
    const after = engine.statistics().evidence;
    const cellM2 = engine.state.grid.cellSizeM ** 2;
    expect(after.measuredAreaM2 / (cells.size * cellM2)).toBeCloseTo(1, 2); // one 25 m cell per spot (cells shrink a little towards the pole)
    expect(after.nearbyAreaM2).toBeGreaterThan(0);
    expect(after.measuredAreaM2 + after.nearbyAreaM2 + after.predictedAreaM2).toBeCloseTo(before.city.areaM2, 0);
    expect(after.measuredShare + after.nearbyShare + after.predictedShare).toBeCloseTo(1, 5);
  });

  it('when an access point is added, then no gap grows and the covered share never falls', () => {
    const random = seeded(5);
    const aps = randomAccessPoints(random, area, 30);
    const evidence = randomEvidence(random, engineWith(5, 0), 300);
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, observations: evidence.filter((x) => !isReport(x)) as ObservationInput[], reports: evidence.filter(isReport) });
    for (const extra of randomAccessPoints(random, area, 8, 'extra')) {
      const beforeShare = engine.statistics().city.coveredShare;
      const beforeLabel = engine.state.gapIndex.label.slice();
      const beforeCells = new Map(engine.gaps({ includeTiny: true }).map((g) => [g.id, g.cells]));
      aps.push(extra);
      engine.setAccessPoints(aps);
      expect(engine.statistics().city.coveredShare).toBeGreaterThanOrEqual(beforeShare);
      for (const rec of engine.state.gapIndex.records.values()) {
        // Every gap after lies inside one gap before, and is no larger.
        const cells = [...engine.state.gapIndex.label.keys()].filter((c) => engine.state.gapIndex.label[c] === rec.label);
        const olds = new Set(cells.map((c) => beforeLabel[c]));
        expect(olds.size).toBe(1);
        expect(olds.has(-1)).toBe(false);
        const oldRec = [...olds][0];
        const oldCells = [...beforeLabel].filter((l) => l === oldRec).length;
        expect(rec.cells).toBeLessThanOrEqual(oldCells);
      }
      expect(beforeCells.size).toBeGreaterThan(0);
    }
  });

  it('when one observation arrives, then only cells within its spread radius change', () => {
    const random = seeded(7);
    const engine = engineWith(7);
    for (const accuracyM of [10, 90, 140]) {
      const before = { fused: engine.state.fused.slice(), confidence: engine.state.confidence.slice() };
      const [lon, lat] = cityPoint(engine, random);
      const touched = engine.addObservation({ lon, lat, accuracyM, time: NOW, signalDbm: -80, deviceKey: 'probe' });
      const x = engine.state.grid.projection.x(lon), y = engine.state.grid.projection.y(lat);
      // Its spread, and the pooling square around every cell of it (evidence is shared with neighbours).
      const radius = Math.max(0, accuracyM - engine.state.options.trustedAccuracyM) + (engine.state.options.poolRadiusCells + 1) * engine.state.grid.cellSizeM * Math.SQRT2;
      const own = engine.state.grid.cellAtXY(x, y);
      let changed = 0;
      for (let cell = 0; cell < engine.state.grid.cellCount; cell++) {
        if (Object.is(before.fused[cell], engine.state.fused[cell]) && before.confidence[cell] === engine.state.confidence[cell]) continue; // NaN outside
        changed++;
        const d = Math.hypot(engine.state.grid.colCentreX(engine.state.grid.col(cell)) - x, engine.state.grid.rowCentreY(engine.state.grid.row(cell)) - y);
        expect(cell === own || d <= radius).toBe(true);
      }
      expect(changed).toBe(touched.length);
      expect(changed).toBeGreaterThan(0);
    }
  });

  it('when evidence arrives one sample at a time, then cells, gaps and stats equal a full recompute', () => {
    for (const seed of [11, 12]) {
      const random = seeded(seed);
      const live = engineWith(seed, 35);
      const evidence = randomEvidence(random, live, 600);
      for (const x of evidence) add(live, x);
      const incremental = { cells: structuredClone(cellState(live)), gaps: gapState(live), stats: live.statistics() };
      live.recompute(); // the same log, from scratch
      expect(cellState(live)).toEqual(incremental.cells);
      expect(gapState(live)).toEqual(incremental.gaps);
      expect(live.statistics()).toEqual(incremental.stats);
      // A new engine given the same samples (observations first, then reports) agrees with one fed them one by one.
      const full = engineWith(seed, 35, { observations: evidence.filter((x) => !isReport(x)) as ObservationInput[], reports: evidence.filter(isReport) });
      const ordered = engineWith(seed, 35);
      for (const x of [...evidence.filter((x) => !isReport(x)), ...evidence.filter(isReport)]) add(ordered, x);
      expect(cellState(ordered)).toEqual(cellState(full));
      expect(gapState(ordered)).toEqual(gapState(full));
      expect(ordered.statistics()).toEqual(full.statistics());
      expect(live.state.cls).toEqual(full.state.cls); // another order changes sums only in the last bits
    }
  });

  it('when a big batch arrives, then one rebuild gives the same state as adding one by one', () => {
    const random = seeded(13);
    const a = engineWith(13), b = engineWith(13);
    const observations = randomEvidence(random, a, 6000).filter((x) => !isReport(x)) as ObservationInput[];
    a.addObservations(observations);
    for (const o of observations) b.addObservation(o);
    expect(cellState(a)).toEqual(cellState(b));
    expect(gapState(a)).toEqual(gapState(b));
    expect(a.statistics()).toEqual(b.statistics());
  });

  it('when a bad sample is in a batch, then nothing changes and every problem is named', () => {
    const engine = engineWith(14);
    const before = engine.version;
    expect(() => engine.addObservations([
      { lon: -80.49, lat: 43.45, time: NOW, signalDbm: -60 },
      { lon: 200, lat: 43.45, time: NOW, signalDbm: 5 },
      { x: 1, lon: -80.4, lat: 43.4, time: NaN, signalDbm: null },
    ])).toThrow(/observations\[1\]\.lon: 200.*observations\[1\]\.signalDbm: 5.*observations\[2\]: give lon and lat, or x and y.*observations\[2\]\.time/);
    expect(() => engine.addReport({ kind: 'nope' as never, lon: -80.49, lat: 43.45, time: NOW })).toThrow(/report\.kind: "nope" must be one of/);
    expect(engine.version).toBe(before);
    expect(engine.state.log.length).toBe(0);
  });
});

describe('gaps and confirmation', () => {
  const centre = [-80.49, 43.45] as const;
  const reportAt = (deviceKey: string | null, kind: ReportInput['kind'] = 'no_wifi'): ReportInput => ({ kind, lon: centre[0], lat: centre[1], time: NOW, deviceKey });

  it('when fewer than three devices report a dead zone, then it is not confirmed and says how many more are needed', () => {
    const engine = engineWith(21, 0);
    engine.addReport(reportAt('a'));
    engine.addReport(reportAt('a'));
    engine.addReport(reportAt(null)); // unknown devices never count as independent
    let [gap] = engine.gaps();
    expect([gap.devices, gap.confirmed, gap.confirmationsNeeded, gap.reportCount]).toEqual([1, false, 2, 3]);
    // Demand counts voices: 'a' twice is one, and every report with no credential together is one.
    expect(gap.demand.reports).toBe(2);
    for (let k = 0; k < 20; k++) engine.addReport(reportAt(k % 2 ? 'a' : null));
    [gap] = engine.gaps();
    expect([gap.reportCount, gap.demand.reports]).toEqual([23, 2]);
    engine.addReport(reportAt('b'));
    engine.addReport(reportAt('c', 'too_weak'));
    [gap] = engine.gaps();
    expect([gap.devices, gap.confirmed, gap.confirmationsNeeded, gap.reportCount, gap.demand.reports]).toEqual([3, true, 0, 25, 4]);
    expect(engine.statistics().gaps.confirmed).toBe(1);
  });

  it('when a gap is ranked, then demand (places, stops, reports) comes first and the score is documented', () => {
    const engine = engineWith(22, 12, {
      places: [
        { id: 'lib', kind: 'library', demand: 5, position: centre },
        { id: 'stop', kind: 'transit_stop', position: [centre[0] + 0.001, centre[1]] },
      ],
    });
    engine.addReport(reportAt('x'));
    const gaps = engine.gaps();
    const top = gaps[0];
    expect(top.rank).toBe(1);
    if (top.placeIds.includes('lib')) {
      expect(top.demand.places).toBe(5);
      expect(top.score).toBeCloseTo(top.demand.total + (engine.state.options.areaScorePerHa * top.areaM2) / 10_000, 1);
    }
    for (let k = 1; k < gaps.length; k++) expect(gaps[k - 1].score).toBeGreaterThanOrEqual(gaps[k].score);
    expect(gaps.every((g) => !g.tiny && g.cells >= engine.state.options.minGapCells)).toBe(true);
    const geometry = engine.gapGeometry(top.id);
    expect(geometry.type).toBe('Polygon');
    expect(() => engine.gapGeometry(-1)).toThrow(/no gap has id -1/);
  });

  it('when covered "works" reports from many devices meet one device spamming "no wifi", then the many win', () => {
    const engine = engineWith(23, 0, { accessPoints: [{ id: 'ap', position: centre, indoor: false, environment: 'open' }] });
    const cellNear = { lon: centre[0] + 0.0009, lat: centre[1] }; // ~70 m east: predicted fair
    for (let i = 0; i < 50; i++) engine.addReport({ ...cellNear, kind: 'no_wifi', time: NOW, deviceKey: 'spammer' });
    for (const d of ['a', 'b', 'c', 'd', 'e']) engine.addReport({ ...cellNear, kind: 'works', time: NOW, deviceKey: d });
    expect(engine.explainCell(cellNear.lon, cellNear.lat).covered).toBe(true);
  });

  it('when one phone posts usable-looking levels at 20 spots beyond every hotspot\'s reach, then the map waits for a second phone at those spots', () => {
    const ap = { id: 'ap', position: centre, indoor: true } as const;
    const metres = (east: number, north: number) => ({ lon: centre[0] + east / (111_195 * Math.cos((centre[1] * Math.PI) / 180)), lat: centre[1] + north / 111_195 });
    // 450–810 m from an indoor unit: nothing it could give, but within what a loud hotspot could (no physics check holds them); 120 m apart.
    const spots = [-450, -600].flatMap((north) => Array.from({ length: 10 }, (_, k) => metres(-540 + 120 * k, north)));
    const readingsOf = (deviceKey: string) => spots.map((p) => ({ ...p, accuracyM: 10, time: NOW, signalDbm: -72, deviceKey }));
    const settled = (observations: ObservationInput[]) => {
      const engine = engineWith(23, 0, { accessPoints: [ap] });
      engine.addObservations(observations);
      for (let k = 0; k < 20 && (k === 0 || engine.settling); k++) engine.refreshHotspots(); // as the server's timer: once, then while settling
      return engine.statistics();
    };
    const bare = settled([]).city.coveredAreaM2;
    const alone = settled(readingsOf('liar'));
    expect(alone.city.coveredAreaM2).toBe(bare);
    expect(alone.hotspots.distrustedDevices).toBe(1);
    // Another phone's loud readings there with 150 m fixes may have been taken 150 m off: they back nothing, and it
    // stays a suspect. In a world of 5–150 m fixes such readings stood beside a liar scattering −72…−60 dBm over 250
    // spots, which then flipped 7.5 ha (truth simulation, seeds 2 and 3).
    expect(settled([...readingsOf('liar'), ...readingsOf('vague').map((r) => ({ ...r, accuracyM: 150 }))]).hotspots.distrustedDevices).toBe(1);
    const backed = settled([...readingsOf('a'), ...readingsOf('b')]);
    expect(backed.city.coveredAreaM2).toBeGreaterThan(bare + 20 * 625);
    expect(backed.hotspots.distrustedDevices).toBe(0);
    // Far quieter levels there stand as far above the prediction but could not paint a cell usable: an honest phone
    // walking the edge of reach reads them everywhere, alone, and they make it no suspect.
    const faint = settled(readingsOf('walker').map((r) => ({ ...r, signalDbm: -84 })));
    expect(faint.hotspots.distrustedDevices).toBe(0);
    // Without a credential nobody can be told apart, so neither test of a phone applies: such readings weigh as a
    // distrusted phone's, however many. Until 2026-12-06 one script's readings, one a cell, painted every cell.
    const anonymous = (times: number) => settled(Array.from({ length: times }, () => readingsOf('').map((r) => ({ ...r, deviceKey: null }))).flat());
    const bareClasses = settled([]).city.byClassM2;
    expect(anonymous(1).city.coveredAreaM2).toBe(bare);
    expect(anonymous(20).city.byClassM2).toEqual(bareClasses);
  });

  it('when a phone hides 20 usable-looking levels beyond every hotspot\'s reach among 2,000 ordinary readings, then the map still waits for a second phone at those spots, and says why', () => {
    const ap = { id: 'ap', position: centre, indoor: true } as const;
    const metres = (east: number, north: number) => ({ lon: centre[0] + east / (111_195 * Math.cos((centre[1] * Math.PI) / 180)), lat: centre[1] + north / 111_195 });
    const spots = [-450, -600].flatMap((north) => Array.from({ length: 10 }, (_, k) => metres(-540 + 120 * k, north)));
    const random = seeded(2000);
    // Its cover: "nothing heard" where nothing is predicted, the north-west of the area, as any walk there reads.
    const ordinary = (deviceKey: string): ObservationInput[] => Array.from({ length: 2000 }, () => ({ ...metres(-800 + 600 * random(), 200 + 600 * random()), accuracyM: 10, time: NOW, signalDbm: null, deviceKey }));
    const lies = (deviceKey: string): ObservationInput[] => spots.map((p) => ({ ...p, accuracyM: 10, time: NOW, signalDbm: -72, deviceKey }));
    const settled = (observations: ObservationInput[]) => {
      const engine = engineWith(23, 0, { accessPoints: [ap] });
      engine.addObservations(observations);
      for (let k = 0; k < 20 && (k === 0 || engine.settling); k++) engine.refreshHotspots();
      return engine;
    };
    const bare = settled(ordinary('walker')).statistics().city.coveredAreaM2;
    const hidden = settled([...ordinary('liar'), ...lies('liar')]);
    // A twentieth of its readings: the lone-loud test (5 %) passes it; until 2026-12-07 those 20 spots were painted.
    expect(hidden.statistics().hotspots.distrustedDevices).toBe(0);
    expect(hidden.statistics().city.coveredAreaM2).toBe(bare);
    expect(hidden.explainCell(spots[0].lon, spots[0].lat).evidence.setAside.unbacked).toBe(1);
    expect(hidden.explainCell(spots[0].lon, spots[0].lat).summary).toMatch(/1 set aside as far stronger than predicted until another phone's reading nearby backs it/);
    // Two phones at those spots back each other: a hotspot nobody listed shows as soon as a second phone hears it.
    const two = settled([...ordinary('a'), ...lies('a'), ...lies('b')]);
    expect(two.statistics().city.coveredAreaM2).toBeGreaterThan(bare + 20 * 625);
    expect(two.explainCell(spots[0].lon, spots[0].lat).evidence.setAside.unbacked).toBe(0);
  });

  it('when a reading comes with a vague fix (150 m, as indoors), then it counts where its level could have been read, not as far as the fix spreads', () => {
    const metres = (east: number, north: number) => ({ lon: centre[0] + east / (111_195 * Math.cos((centre[1] * Math.PI) / 180)), lat: centre[1] + north / 111_195 });
    const nine = (east: number, signalDbm: number | null, accuracyM: number, deviceKey = 'one'): ObservationInput[] =>
      Array.from({ length: 9 }, (_, k) => ({ ...metres(east - 4 + 4 * (k % 3), -4 + 4 * Math.floor(k / 3)), accuracyM, time: NOW, signalDbm, deviceKey }));
    const covered = (ap: NonNullable<CoverageEngineInit['accessPoints']>[number], observations: ObservationInput[]) => {
      const engine = engineWith(23, 0, { accessPoints: [ap] });
      engine.addObservations(observations);
      for (let k = 0; k < 20 && (k === 0 || engine.settling); k++) engine.refreshHotspots();
      return engine.statistics().city.coveredAreaM2;
    };
    // At an indoor unit's door, −50 dBm: until 2026-12-07 the 150 m fix painted 6.75 ha round it, the 10 m one 0.75 ha.
    const door = { id: 'ap', position: centre, indoor: true } as const;
    expect(covered(door, nine(0, -50, 150))).toBeLessThanOrEqual(covered(door, nine(0, -50, 10)));
    // "Nothing heard" 400 m from an outdoor unit that reaches ~310 m: the vague fix took 1.25 ha off its edge.
    const open = { id: 'ap', position: centre, indoor: false, environment: 'open' } as const;
    expect(covered(open, nine(400, null, 150))).toBe(covered(open, []));
    // Where it would not stand out the fix still spreads: 200 m from the outdoor unit, −75 dBm, it reaches a cell 75 m
    // north of the spot; −50 dBm at the indoor unit's door reaches none 75 m off, where nothing is predicted.
    const weightAt = (ap: typeof open | typeof door, east: number, signalDbm: number) => {
      const engine = engineWith(23, 0, { accessPoints: [ap] });
      engine.addObservations(nine(east, signalDbm, 150));
      const there = metres(east, 75);
      return engine.state.ledger.weight[engine.state.grid.cellAt(there.lon, there.lat)];
    };
    expect(weightAt(open, 200, -75)).toBeGreaterThan(0);
    expect(weightAt(door, 0, -50)).toBe(0);
  });

  it('when one phone\'s nine loud readings lie just past a hotspot\'s reach, beside cells it reaches, then the map waits for a second phone there too', () => {
    const ap = { id: 'ap', position: centre, indoor: true } as const;
    const metres = (east: number, north: number) => ({ lon: centre[0] + east / (111_195 * Math.cos((centre[1] * Math.PI) / 180)), lat: centre[1] + north / 111_195 });
    // 115–135 m east of an indoor unit: nothing predicted in their cell, −85 dBm two cells nearer. The hold compared
    // with the loudest prediction among the cells the readings are pooled into (17 dB under them) and let them paint;
    // what they paint is their rise over their own cell's prediction (22 dB), spread round it.
    const spot = (k: number) => metres(115 + 10 * (k % 3), -10 + 10 * Math.floor(k / 3));
    const readingsOf = (deviceKey: string): ObservationInput[] => Array.from({ length: 9 }, (_, k) => ({ ...spot(k), accuracyM: 10, time: NOW, signalDbm: -68, deviceKey }));
    const settled = (observations: ObservationInput[]) => {
      const engine = engineWith(23, 0, { accessPoints: [ap] });
      engine.addObservations(observations);
      for (let k = 0; k < 20 && (k === 0 || engine.settling); k++) engine.refreshHotspots();
      return engine;
    };
    const bare = settled([]).statistics().city.coveredAreaM2;
    const alone = settled(readingsOf('one'));
    expect(alone.statistics().hotspots.distrustedDevices).toBe(0); // one place: the lone-loud test never judges a phone on fewer than five
    expect(alone.statistics().city.coveredAreaM2).toBe(bare);
    expect(alone.explainCell(spot(4).lon, spot(4).lat).evidence.setAside.unbacked).toBeGreaterThan(0);
    const two = settled([...readingsOf('one'), ...readingsOf('other')]);
    expect(two.statistics().city.coveredAreaM2).toBeGreaterThan(bare + 4 * 625);
    expect(two.explainCell(spot(4).lon, spot(4).lat).evidence.setAside.unbacked).toBe(0);
  });

  it('when one phone reports "works here" at 20 spots beyond every hotspot\'s reach, then the map waits for a second phone at those spots, as for such readings', () => {
    const ap = { id: 'ap', position: centre, indoor: true } as const;
    const metres = (east: number, north: number) => ({ lon: centre[0] + east / (111_195 * Math.cos((centre[1] * Math.PI) / 180)), lat: centre[1] + north / 111_195 });
    // The spots of the test above: 450–810 m from an indoor unit, within what a loud hotspot could give (no physics check holds a report there).
    const spots = [-450, -600].flatMap((north) => Array.from({ length: 10 }, (_, k) => metres(-540 + 120 * k, north)));
    const reportsOf = (deviceKey: string): ReportInput[] => spots.map((p) => ({ ...p, accuracyM: 10, kind: 'works', time: NOW, deviceKey }));
    const settled = (reports: ReportInput[]) => {
      const engine = engineWith(23, 0, { accessPoints: [ap] });
      for (const r of reports) engine.addReport(r); // one at a time, as the server adds them
      for (let k = 0; k < 20 && (k === 0 || engine.settling); k++) engine.refreshHotspots();
      return engine;
    };
    const bare = settled([]).statistics().city.coveredAreaM2;
    const alone = settled(reportsOf('liar'));
    expect(alone.statistics().city.coveredAreaM2).toBe(bare); // until 2026-12-07: 20 cells and more painted fair
    const backed = settled([...reportsOf('a'), ...reportsOf('b')]);
    expect(backed.statistics().city.coveredAreaM2).toBeGreaterThan(bare + 20 * 625);
    // The same reports read all at once (a restart reads them from the store so) give the same map.
    const atOnce = engineWith(23, 0, { accessPoints: [ap], reports: reportsOf('liar') });
    for (let k = 0; k < 20 && (k === 0 || atOnce.settling); k++) atOnce.refreshHotspots();
    expect(Array.from(atOnce.state.cls)).toEqual(Array.from(alone.state.cls));
  });

  it('when one phone says "nothing heard" all round a listed hotspot nobody else measured, then the map keeps its reach; once a second phone\'s come near them, both phones\' count', () => {
    const ap = { id: 'ap', position: centre, indoor: false, environment: 'open' } as const;
    const metres = (east: number, north: number) => ({ lon: centre[0] + east / (111_195 * Math.cos((centre[1] * Math.PI) / 180)), lat: centre[1] + north / 111_195 });
    // Rings 10–70 m out, where the hotspot is predicted usable: the same 28 spots for each phone.
    const spots = [10, 30, 50, 70].flatMap((r) => Array.from({ length: 7 }, (_, k) => metres(r * Math.cos((k * 2 * Math.PI) / 7), r * Math.sin((k * 2 * Math.PI) / 7))));
    const nothing = (deviceKey: string): ObservationInput[] => spots.map((p) => ({ ...p, accuracyM: 5, time: NOW, signalDbm: null, deviceKey }));
    const settled = (observations: ObservationInput[], oneByOne = false) => {
      const engine = engineWith(23, 0, { accessPoints: [ap] });
      if (oneByOne) for (const o of observations) engine.addObservation(o);
      else engine.addObservations(observations);
      for (let k = 0; k < 20 && (k === 0 || engine.settling); k++) engine.refreshHotspots();
      return engine;
    };
    const bare = settled([]).statistics().city.coveredAreaM2;
    expect(bare).toBeGreaterThan(28 * 625);
    const alone = settled(nothing('vandal'));
    expect(alone.statistics().city.coveredAreaM2).toBe(bare); // until 2026-12-07: the rings blanked
    const held = alone.explainCell(spots[0].lon, spots[0].lat).evidence.setAside.unconfirmed;
    expect(held).toBeGreaterThan(0);
    expect(alone.statistics().hotspots.distrustedDevices).toBe(0); // held back, not judged: an honest phone by a dead hotspot reads so too
    const two = settled([...nothing('a'), ...nothing('b')]);
    expect(two.statistics().city.coveredAreaM2).toBeLessThan(bare - 20 * 625);
    // The first phone's are released when the second's come (until 2026-12-07 they stayed held for good).
    expect(spots.map((p) => two.explainCell(p.lon, p.lat).evidence.setAside.unconfirmed)).toEqual(spots.map(() => 0));
    // One at a time, in either order, or the second phone a batch later: the same map as all read at once.
    expect(settled([...nothing('a'), ...nothing('b')], true).state.cls).toEqual(two.state.cls);
    expect(settled([...nothing('b'), ...nothing('a')], true).state.cls).toEqual(two.state.cls);
    const later = settled(nothing('a'));
    for (const o of nothing('b')) later.addObservation(o);
    const incremental = Array.from(later.state.pUsable);
    for (let k = 0; k < 20 && (k === 0 || later.settling); k++) later.refreshHotspots();
    expect(later.state.cls).toEqual(two.state.cls);
    later.recompute();
    expect(Array.from(later.state.pUsable)).toEqual(incremental);
  });

  it('when one phone reports "no free Wi-Fi here" at a listed hotspot nobody measured, then its reach stays until a second phone\'s report near it; then both count, and the map is the same however they came', () => {
    const ap = { id: 'ap', position: centre, indoor: true } as const; // an indoor unit: its whole reach is a few cells
    const metres = (east: number) => ({ lon: centre[0] + east / (111_195 * Math.cos((centre[1] * Math.PI) / 180)), lat: centre[1] });
    const report = (deviceKey: string | null, east: number, kind: ReportInput['kind'] = 'no_wifi'): ReportInput => ({ ...metres(east), accuracyM: 5, kind, time: NOW, deviceKey });
    const fresh = () => engineWith(23, 0, { accessPoints: [ap] });
    const at = (engine: CoverageEngine, east: number) => engine.explainCell(metres(east).lon, metres(east).lat);
    const bare = fresh();
    expect(at(bare, 0).covered).toBe(true);
    const alone = fresh();
    alone.addReport(report('vandal', 0));
    expect(Array.from(alone.state.cls)).toEqual(Array.from(bare.state.cls)); // until 2026-12-07: its cell poor, those round it none
    expect(at(alone, 0).evidence.setAside.unconfirmed).toBe(1);
    expect(alone.gaps().length).toBe(bare.gaps().length);
    // One phone's many reports back nothing; one with no credential backs nobody (anyone could send it).
    for (const east of [5, 10, -10]) alone.addReport(report('vandal', east, 'hotspot_down'));
    alone.addReport(report(null, 15));
    expect(at(alone, 0).covered).toBe(true);
    // A second phone's, 40 m off (within 100 m), releases the first one's: both count.
    const two = fresh();
    two.addReports([report('a', 0), report('b', 40)]);
    expect(at(two, 0).covered).toBe(false);
    expect(at(two, 0).evidence.setAside.unconfirmed).toBe(0);
    const oneByOne = fresh();
    oneByOne.addReport(report('b', 40));
    oneByOne.addReport(report('a', 0));
    expect(Array.from(oneByOne.state.cls)).toEqual(Array.from(two.state.cls));
    expect(Array.from(oneByOne.state.pUsable)).toEqual(Array.from(two.state.pUsable));
    oneByOne.recompute();
    expect(Array.from(oneByOne.state.cls)).toEqual(Array.from(two.state.cls));
    // "Works here" is not quiet: it counts at once. (Reports that say poor, −80 dBm, wait only where 20 dB more is predicted, as such readings do.)
    const works = fresh();
    works.addReport(report('a', 0, 'works'));
    expect([at(works, 0).evidence.setAside.unconfirmed, at(works, 0).evidence.weight]).toEqual([0, 1]);
  });

  it('when another phone\'s quiet reading releases held ones, then one at a time, in one batch and after a full recompute the map is the same; a phone\'s own held reading beyond the other\'s reach stays held', () => {
    const ap = { id: 'ap', position: centre, indoor: false, environment: 'open' } as const;
    const metres = (east: number, north: number) => ({ lon: centre[0] + east / (111_195 * Math.cos((centre[1] * Math.PI) / 180)), lat: centre[1] + north / 111_195 });
    // 30 m of GPS error: a reading spreads thin over many cells, below a phone's cap in each (so pooling one twice would show).
    const nothing = (deviceKey: string, east: number): ObservationInput => ({ ...metres(east, 0), accuracyM: 30, time: NOW, signalDbm: null, deviceKey });
    const unconfirmed = (engine: CoverageEngine, east: number) => engine.explainCell(metres(east, 0).lon, metres(east, 0).lat).evidence.setAside.unconfirmed;
    const evidence = (engine: CoverageEngine) => [0, 90, 180].map((east) => engine.explainCell(metres(east, 0).lon, metres(east, 0).lat).evidence);
    const fresh = () => engineWith(23, 0, { accessPoints: [ap] });
    // a alone at 180 m, b alone at 0 m (held: nobody within 100 m of either); then b at 90 m, within reach of a's.
    const readings = [nothing('a', 180), nothing('b', 0), nothing('b', 90)];
    const oneByOne = fresh();
    for (const o of readings) oneByOne.addObservation(o);
    expect([unconfirmed(oneByOne, 0), unconfirmed(oneByOne, 180), unconfirmed(oneByOne, 90)]).toEqual([1, 0, 0]); // b's first stays held: a's is 180 m from it
    const pooled = Array.from(oneByOne.state.poolW), counted = evidence(oneByOne);
    expect(counted.map((e) => e.samples)).toEqual([0, 1, 1]); // b's first held, its second and a's released one counted
    oneByOne.recompute();
    expect(Array.from(oneByOne.state.poolW)).toEqual(pooled);
    expect(evidence(oneByOne)).toEqual(counted);
    // The same three as one small batch: a's, the batch's first, held when it comes, is released by its last and pooled once.
    const batch = fresh();
    batch.addObservations(readings);
    expect(Array.from(batch.state.poolW)).toEqual(pooled);
    expect(evidence(batch)).toEqual(counted);
    const later = fresh();
    later.addObservations(readings.slice(0, 2));
    later.recompute(); // held as the full recompute files them
    later.applyObservationBatch(readings.slice(2));
    expect(Array.from(later.state.poolW)).toEqual(pooled);
    expect(evidence(later)).toEqual(counted);
    // A reading with no credential backs nobody: anyone could send it.
    const anonymous = fresh();
    anonymous.addObservation(nothing('a', 0));
    anonymous.addObservation({ ...nothing('x', 30), deviceKey: null });
    expect(unconfirmed(anonymous, 0)).toBe(1);
    anonymous.recompute();
    expect(unconfirmed(anonymous, 0)).toBe(1);
  });

  it('when phones later find the hotspot a phone alone had read loud on its own, then that phone counts again', () => {
    const ap = { id: 'ap', position: centre, indoor: true, ssid: 'KitchenerWiFi' } as const;
    const metres = (east: number, north: number) => ({ lon: centre[0] + east / (111_195 * Math.cos((centre[1] * Math.PI) / 180)), lat: centre[1] + north / 111_195 });
    const engine = engineWith(23, 0, { accessPoints: [ap] });
    const settle = () => { for (let k = 0; k < 20 && (k === 0 || engine.settling); k++) engine.refreshHotspots(); };
    // An unlisted hotspot 600 m south of the only listed one, heard as a log-distance radio (−25 dBm at 1 m, n 2).
    const site = [0, -600] as const, bssid = '02:aa:00:00:00:01';
    const reading = (deviceKey: string, d: number, angle: number): ObservationInput => ({ ...metres(site[0] + d * Math.cos(angle), site[1] + d * Math.sin(angle)),
      accuracyM: 5, time: NOW, signalDbm: Math.round(-25 - 20 * Math.log10(d)), deviceKey, ssid: 'KitchenerWiFi', bssid });
    // One phone walks a ring 170 m out round it first: loud in eight places where nothing is known, and alone.
    engine.addObservations(Array.from({ length: 8 }, (_, k) => reading('walker', 170, (k * Math.PI) / 4)));
    settle();
    expect(engine.statistics().hotspots.distrustedDevices).toBe(1);
    // Three more phones read it near its site: it is placed, the ring's levels are what it gives there.
    engine.addObservations(['a', 'b', 'c'].flatMap((who, p) => Array.from({ length: 6 }, (_, k) => reading(who, 15 + 10 * k, p * 2 + k))));
    settle();
    expect(engine.discoveries().map((d) => d.bssid)).toEqual([bssid]);
    expect(engine.statistics().hotspots.distrustedDevices).toBe(0);
  });

  it('when "works here" is reported a kilometre from every hotspot, then it paints nothing and is set aside; 600 m out it counts', () => {
    const ap = { id: 'ap', position: centre, indoor: false, environment: 'open' } as const;
    const metres = (east: number, north: number) => ({ lon: centre[0] + east / (111_195 * Math.cos((centre[1] * Math.PI) / 180)), lat: centre[1] + north / 111_195 });
    const works = (engine: CoverageEngine, at: { lon: number; lat: number }) => {
      for (const d of ['a', 'b', 'c', 'd', 'e']) engine.addReport({ ...at, kind: 'works', time: NOW, deviceKey: d });
    };
    const bare = engineWith(23, 0, { accessPoints: [ap] }).statistics().city;
    const far = metres(-900, -800); // 1.2 km: not even the loudest hotspot in free space gives −71 dBm there
    const farOff = engineWith(23, 0, { accessPoints: [ap] });
    works(farOff, far);
    expect(farOff.statistics().city.coveredAreaM2).toBe(bare.coveredAreaM2);
    expect(farOff.explainCell(far.lon, far.lat)).toMatchObject({ covered: false, evidence: { setAside: { spoofed: 0, implausible: 5 } } });
    const near = metres(-600, 0); // well beyond this hotspot's reach, but within what a loud one could give
    const nearer = engineWith(23, 0, { accessPoints: [ap] });
    works(nearer, near);
    expect(nearer.explainCell(near.lon, near.lat)).toMatchObject({ covered: true, evidence: { setAside: { spoofed: 0, implausible: 0 } } });
    expect(nearer.statistics().city.coveredAreaM2).toBeGreaterThan(bare.coveredAreaM2);
  });
});

describe('queries', () => {
  it('when a cell is explained, then it shows its contributors, evidence and fusion', () => {
    const engine = engineWith(31, 0, { accessPoints: [{ id: 7, position: [-80.49, 43.45], indoor: true, eirpDbm: 20 }] });
    engine.addObservation({ lon: -80.4901, lat: 43.4501, time: NOW - 10 * DAY_MS, signalDbm: -70, deviceKey: 'k' });
    const x = engine.explainCell(-80.4901, 43.4501);
    expect(x.contributors[0]).toMatchObject({ accessPointId: 7, model: 'default' });
    expect(x.contributors[0].distanceM).toBeLessThan(25);
    expect(x.evidence).toMatchObject({ samples: 1, devices: 1, reports: 0, ageDays: null, newestAt: null }); // one phone's reading is never dated
    // The registry's default prediction is worth (6 dB / 7 dB)² = 0.73 readings; the 10-day-old reading 2^(−10/90).
    const prior = (6 / 7) ** 2, w = 2 ** (-10 / 90);
    expect(x.fusedDbm).toBeCloseTo((prior * x.predictedDbm! + w * -70) / (prior + w), 1);
    expect(x.confidence).toBeCloseTo(w / (prior + w), 3);
    expect(x.uncertaintyDb).toBeCloseTo(Math.sqrt(9 + 1 / (1 / 49 + w / 36)), 1);
    expect(x.summary).toMatch(/^Predicted .* dBm from access point 7, \d+ m away \(estimated from its registry entry\); 1 reading here from 1 phone[^,]/);
    // A second phone: the newest reading is dated, to the day.
    engine.addObservation({ lon: -80.4901, lat: 43.4501, time: NOW - 20.5 * DAY_MS, signalDbm: -72, deviceKey: 'j' });
    const two = engine.explainCell(-80.4901, 43.4501);
    expect(two.evidence).toMatchObject({ samples: 2, devices: 2, ageDays: 10, newestAt: Math.floor((NOW - 10 * DAY_MS) / DAY_MS) * DAY_MS });
    expect(two.summary).toMatch(/2 readings here from 2 phones, newest 10 days ago/);
    expect(() => engine.explainCell(0, 0)).toThrow(/outside the coverage grid/);
  });

  it('when cells are explained where discs overlap, then the strongest contributor is the prediction the full stamp kept', () => {
    const engine = engineWith(33, 80);
    const random = seeded(33);
    let overlapping = 0;
    for (let i = 0; i < 300; i++) {
      const [lon, lat] = cityPoint(engine, random);
      const x = engine.explainCell(lon, lat);
      if (x.predictedDbm === null) {
        expect(x.contributors).toEqual([]);
        continue;
      }
      expect(x.contributors[0].predictedDbm).toBe(x.predictedDbm);
      expect(x.contributors.map((c) => c.predictedDbm)).toEqual([...x.contributors.map((c) => c.predictedDbm)].sort((a, b) => b - a));
      expect(x.contributors.length).toBeLessThanOrEqual(engine.state.options.topContributors);
      if (x.contributors.length > 1) overlapping++;
    }
    expect(overlapping).toBeGreaterThan(10); // the seed puts discs on top of each other often enough to matter
  });

  it('when cells are read at coarser levels, then block shares add up to the city figures', () => {
    const engine = engineWith(32, 60);
    const bbox = engine.state.grid.bbox();
    const fine = engine.cells(bbox, 0);
    expect(fine.ids.length).toBe(engine.state.inside.reduce((a, b) => a + b, 0));
    expect(fine.coveredShare.reduce((a, b) => a + b, 0)).toBe(engine.statistics().cells.covered);
    for (const level of [1, 2]) {
      const coarse = engine.cells(bbox, level);
      const f = LEVEL_FACTORS[level], { cols, rows } = engine.state.grid, blockCols = Math.ceil(cols / f);
      const cellsPerBlock = coarse.ids.map((id) => {
        const bc = id % blockCols, br = Math.floor(id / blockCols);
        let n = 0;
        for (let r = br * f; r < Math.min(rows, br * f + f); r++) for (let c = bc * f; c < Math.min(cols, bc * f + f); c++) n += engine.state.inside[r * cols + c];
        return n;
      });
      const coveredCells = coarse.coveredShare.reduce((sum, share, k) => sum + share * cellsPerBlock[k], 0);
      expect(Math.abs(coveredCells - engine.statistics().cells.covered)).toBeLessThan(0.001 * coveredCells); // shares have 3 decimals
    }
    const geo = engine.cellsGeoJSON(bbox, 2);
    expect(geo.features[0].properties).toHaveProperty('class');
    expect(() => engine.cells(bbox, 3)).toThrow(/level 3/);
  });

  it('when a what-if adds, moves or removes access points, then it predicts what applying them gives, and changes nothing', () => {
    const random = seeded(33);
    const aps = randomAccessPoints(random, area, 30);
    const engine = createCoverageEngine({ boundary: area, accessPoints: aps, now: NOW, places: [{ id: 'p', kind: 'library', position: aps[3].position }] });
    const snapshot = { cls: engine.state.cls.slice(), stats: engine.statistics() };
    const added = randomAccessPoints(random, area, 3, 'new');
    const moved = { id: aps[0].id, position: [-80.492, 43.452] as const };
    const scenario = { add: added, move: [moved], remove: [aps[3].id] };
    const result = engine.whatIf(scenario);
    expect(engine.state.cls).toEqual(snapshot.cls);
    expect(engine.statistics()).toEqual(snapshot.stats);

    const applied = aps.filter((a) => a.id !== aps[3].id).map((a) => (a.id === moved.id ? { ...a, position: moved.position } : a));
    const after = createCoverageEngine({ boundary: area, accessPoints: [...applied, ...added], now: NOW, places: [{ id: 'p', kind: 'library', position: aps[3].position }] });
    const stats = after.statistics();
    expect(result.coveredAreaM2.after).toBeCloseTo(stats.city.coveredAreaM2, 0);
    expect(result.coveredShare.after).toBeCloseTo(stats.city.coveredShare, 5);
    expect(result.gaps.after.count).toBe(stats.gaps.count);
    expect(result.gaps.after.areaM2).toBeCloseTo(stats.gaps.areaM2, 0);
    expect(result.demandCovered.after).toBe(stats.places.library.covered);
    expect(() => engine.whatIf({ remove: ['nope'] })).toThrow(/remove\[0\]: access point "nope" is not in the registry/);
  });
});
