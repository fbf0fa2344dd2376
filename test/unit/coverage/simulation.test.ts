// A synthetic city block with a known truth: path loss that is worse than the default model assumes, plus
// spatially correlated log-normal shadowing (σ 6 dB over ~60 m). Observations sample the truth with noise
// and GPS error; fusion must recover the true class where evidence is dense, and beat prediction alone.
import { describe, expect, it } from 'vitest';
import { classify, createCoverageEngine, gaussian } from '../../../server/domain/coverage/index';
import { sampleObservations, syntheticField } from './synthetic';
import { DAY_MS, NOW, round6, seeded } from './helpers';

const HALF = 700; // m: half the side of the square block
const TRUE_N = 3.2, TRUE_DBM_AT_1M = -25; // the street is harsher than the default model's n 2.8, −20 dBm at 1 m

function block() {
  const [lon0, lat0] = [-80.49, 43.45];
  const dLon = 1 / (111_195 * Math.cos((lat0 * Math.PI) / 180)), dLat = 1 / 111_195;
  const corner = (x: number, y: number) => [round6(lon0 + x * dLon), round6(lat0 + y * dLat)];
  return { type: 'Polygon' as const, coordinates: [[corner(-HALF, -HALF), corner(HALF, -HALF), corner(HALF, HALF), corner(-HALF, HALF), corner(-HALF, -HALF)]] };
}

describe('fusion against a synthetic truth', () => {
  it.each([1, 2])('when evidence is dense (seed %i), then fused classes match the truth on ≥ 90 % of cells and beat prediction alone', (seed) => {
    const random = seeded(seed);
    const boundary = block();
    const probe = createCoverageEngine({ boundary, now: NOW });
    const p = probe.state.grid.projection;
    const positions = Array.from({ length: 14 }, () => [(random() * 2 - 1) * HALF * 0.8, (random() * 2 - 1) * HALF * 0.8] as const);
    const accessPoints = positions.map(([x, y], i) => ({ id: i, position: [round6(p.lon(x)), round6(p.lat(y))] as const, indoor: false, environment: 'urban' as const, eirpDbm: 20 }));
    const truth = syntheticField(random, accessPoints.map((ap) => ({ x: p.x(ap.position[0]), y: p.y(ap.position[1]), dbmAt1m: TRUE_DBM_AT_1M, n: TRUE_N })));

    // Dense survey of the middle of the block: ~20 readings per cell from 40 phones over the last month.
    const surveyed = HALF * 0.5;
    const observations = sampleObservations(random, truth, 25_000, {
      position: () => [(random() * 2 - 1) * surveyed, (random() * 2 - 1) * surveyed],
      noiseDb: 4,
      devices: 40,
      time: () => NOW - 30 * DAY_MS * random(),
      accuracyM: () => 5 + 15 * random(),
    }).map((o) => ({ ...o, x: o.x! + (o.accuracyM! / 2) * gaussian(random), y: o.y! + (o.accuracyM! / 2) * gaussian(random) })); // the fix is off by about its accuracy
    const engine = createCoverageEngine({ boundary, accessPoints, observations, now: NOW });

    const { grid, options } = engine.state;
    let dense = 0, fusedRight = 0, predictedRight = 0;
    for (let cell = 0; cell < grid.cellCount; cell++) {
      if (!engine.state.inside[cell] || engine.state.ledger.samples[cell] < 10 || engine.state.ledger.knownDevices(cell) < 5) continue;
      dense++;
      const actual = classify(truth.dbmAt(grid.colCentreX(grid.col(cell)), grid.rowCentreY(grid.row(cell))), options.thresholdsDbm);
      if (engine.state.cls[cell] === actual) fusedRight++;
      if (classify(engine.state.priorDbm(engine.state.prediction.best(cell)), options.thresholdsDbm) === actual) predictedRight++;
    }
    expect(dense).toBeGreaterThan(600); // of the 784 surveyed cells
    expect(fusedRight / dense).toBeGreaterThanOrEqual(0.9);
    expect(fusedRight / dense).toBeGreaterThan(predictedRight / dense + 0.1);
  });
});
