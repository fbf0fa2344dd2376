// The physics check's index: distance to the nearest known transmitter, and the loudest reading it allows.
import { describe, expect, it } from 'vitest';
import { QUIET_ENOUGH_DBM, TransmitterIndex } from '../../../server/domain/coverage/transmitter-index';
import { plausibleMaxDbm } from '../../../server/domain/coverage/evidence';
import { bareGrid } from './helpers';

describe('transmitter index', () => {
  const grid = bareGrid(200, 200); // 5 × 5 km of 25 m cells, origin at 0, 0

  it('when transmitters stand in different squares, then the nearest is found however far its square, up to 1.5 km', () => {
    const index = new TransmitterIndex(grid);
    index.rebuild([[1000, 1000], [1600, 1000], [4000, 4000]]);
    expect(index.nearestM(1000, 1000)).toBe(0);
    expect(index.nearestM(1290, 1000)).toBeCloseTo(290, 9); // the first, in the next square
    expect(index.nearestM(1310, 1000)).toBeCloseTo(290, 9); // now the second
    expect(index.nearestM(1000, 1700)).toBeCloseTo(700, 9); // three squares up
    expect(index.nearestM(3000, 3000)).toBeCloseTo(Math.hypot(1000, 1000), 9); // ring by ring until none can be nearer
    expect(index.nearestM(2400, 100)).toBeCloseTo(Math.hypot(800, 900), 9);
    expect(index.nearestM(4999, 0)).toBe(1500); // none within 1.5 km
    expect(new TransmitterIndex(grid).nearestM(1000, 1000)).toBe(1500); // an empty index
    index.rebuild([[1000, 1000], [1100, 1100]]); // two in one square: both kept
    expect(index.nearestM(1000, 1000)).toBe(0);
    expect(index.nearestM(1100, 1100)).toBe(0);
  });

  it('when a cell is asked for, then its limit is the physics from its centre, and a rebuild with moved transmitters forgets it', () => {
    const index = new TransmitterIndex(grid);
    index.rebuild([[1012.5, 1012.5]]);
    const cell = grid.cellAtXY(1012.5 + 300, 1012.5); // 300 m east of the transmitter, centre to centre
    expect(index.loudestPlausibleDbm(cell)).toBeCloseTo(plausibleMaxDbm(300), 5);
    index.rebuild([[1012.5, 1012.5]]); // the same: kept
    expect(index.loudestPlausibleDbm(cell)).toBeCloseTo(plausibleMaxDbm(300), 5);
    index.rebuild([[1012.5 + 300, 1012.5]]); // moved onto the cell
    expect(index.loudestPlausibleDbm(cell)).toBeCloseTo(plausibleMaxDbm(0), 5);
    index.rebuild([]);
    expect(index.loudestPlausibleDbm(cell)).toBeCloseTo(QUIET_ENOUGH_DBM, 5); // nothing within reach: only quiet readings
  });
});
