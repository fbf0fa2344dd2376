import { describe, expect, it } from 'vitest';
import { gapDistricts, GapIndex } from '../../../server/domain/coverage/components';
import { bareGrid, deviceSource, seeded } from './helpers';

/** Cells → canonical component id (its lowest cell), so two labellings compare regardless of label numbers. */
function partition(index: GapIndex): Map<number, number> {
  const out = new Map<number, number>();
  for (let cell = 0; cell < index.label.length; cell++) {
    const l = index.label[cell];
    if (l >= 0) out.set(cell, index.anchorOf(index.records.get(l)!));
  }
  return out;
}

function summary(index: GapIndex) {
  return [...index.records.values()]
    .map((r) => ({ id: index.anchorOf(r), cells: r.cells, area: Math.round(r.areaM2 * 1e3) / 1e3, devices: [...r.devices.entries()].sort((a, b) => a[0] - b[0]) }))
    .sort((a, b) => a.id - b.id);
}

describe('gap components (4-connectivity)', () => {
  it('when two cells touch only at a corner, then they are two gaps', () => {
    const grid = bareGrid(3, 3);
    const index = new GapIndex(grid, deviceSource(Array.from({ length: 9 }, () => [])));
    const mask = new Uint8Array(9);
    mask[0] = mask[4] = 1; // (0,0) and (1,1): diagonal
    index.build(mask);
    expect(index.records.size).toBe(2);
  });

  it('when cells join and leave one at a time, then the labels always match a full relabelling', () => {
    for (const seed of [1, 2, 3]) {
      const random = seeded(seed);
      const grid = bareGrid(30, 24);
      // Devices with "not covered" evidence: a fixed random few per cell.
      const devicesOf = Array.from({ length: grid.cellCount }, () => (random() < 0.1 ? [1 + Math.floor(random() * 5)] : []));
      const visitor = deviceSource(devicesOf);
      const live = new GapIndex(grid, visitor);
      const mask = new Uint8Array(grid.cellCount);
      for (let c = 0; c < mask.length; c++) mask[c] = random() < 0.55 ? 1 : 0;
      live.build(mask);
      for (let step = 0; step < 1500; step++) {
        // At ~55 % density the gaps percolate, so flips both merge and split big components.
        const cell = Math.floor(random() * grid.cellCount);
        if (mask[cell]) { mask[cell] = 0; live.remove(cell); }
        else { mask[cell] = 1; live.add(cell); }
        if (step % 25 === 0 || step > 1450) {
          const fresh = new GapIndex(grid, visitor);
          fresh.build(mask);
          expect(partition(live)).toEqual(partition(fresh));
          expect(summary(live)).toEqual(summary(fresh));
        }
      }
    }
  });

  it('when a corridor is cut, then the far side becomes its own gap with its own devices', () => {
    const grid = bareGrid(7, 1);
    const devices = [[1], [2], [3], [4], [5], [6], [7]];
    const index = new GapIndex(grid, deviceSource(devices));
    index.build(new Uint8Array(7).fill(1));
    expect(index.records.size).toBe(1);
    index.remove(2);
    const parts = [...index.records.values()].map((r) => ({ cells: r.cells, devices: [...r.devices.keys()].sort() })).sort((a, b) => a.cells - b.cells);
    expect(parts).toEqual([{ cells: 2, devices: [1, 2] }, { cells: 4, devices: [4, 5, 6, 7] }]);
    index.add(2);
    expect(index.records.size).toBe(1);
    expect([...index.records.values()][0].devices.size).toBe(7);
  });

  it('when districts are given, then no gap crosses a district line, and cells joining and leaving still match a full relabelling', () => {
    const random = seeded(7);
    const grid = bareGrid(30, 24);
    // Two "wards" (west and east of a ragged line) cut into 5 × 5-cell tiles.
    const ward = Uint8Array.from({ length: grid.cellCount }, (_, cell) => (grid.col(cell) < 13 + (grid.row(cell) % 3) ? 1 : 2));
    const district = gapDistricts(grid, ward, 125)!;
    const visitor = deviceSource(Array.from({ length: grid.cellCount }, () => (random() < 0.1 ? [1 + Math.floor(random() * 5)] : [])));
    const live = new GapIndex(grid, visitor, district);
    const mask = new Uint8Array(grid.cellCount);
    for (let c = 0; c < mask.length; c++) mask[c] = random() < 0.7 ? 1 : 0;
    live.build(mask);
    const undivided = new GapIndex(grid, visitor);
    undivided.build(mask);
    expect(live.records.size).toBeGreaterThan(undivided.records.size + 20); // the districts did split gaps
    for (let step = 0; step < 1200; step++) {
      const cell = Math.floor(random() * grid.cellCount);
      if (mask[cell]) { mask[cell] = 0; live.remove(cell); }
      else { mask[cell] = 1; live.add(cell); }
      if (step % 40 === 0 || step > 1180) {
        const fresh = new GapIndex(grid, visitor, district);
        fresh.build(mask);
        expect(partition(live)).toEqual(partition(fresh));
        expect(summary(live)).toEqual(summary(fresh));
        const districtOf = new Map<number, number>();
        for (let c = 0; c < grid.cellCount; c++) {
          const l = live.label[c];
          if (l < 0) continue;
          expect(mask[c]).toBe(1);
          if (!districtOf.has(l)) districtOf.set(l, district[c]);
          expect(district[c]).toBe(districtOf.get(l));
        }
      }
    }
  });

  it('when there are no wards and no tiles, then there are no districts', () => {
    const grid = bareGrid(4, 4);
    expect(gapDistricts(grid, new Uint8Array(16), 0)).toBeNull();
    expect(new Set(gapDistricts(grid, new Uint8Array(16), 50))).toEqual(new Set([0, 1, 2, 3])); // 2 × 2-cell tiles
  });
});
