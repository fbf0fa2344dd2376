// Phones alone with loud readings: which readings back which, and when a phone is alone too often to be honest.
import { describe, expect, it } from 'vitest';
import { BACKED_WITHIN_M, HONEST_LONE_SHARE, LoneLoudTally, PhonesNear } from '../../../server/domain/coverage/lone-readings';

/** `readings` readings of `device`, the first `loud` of them loud, each at its own spot 1 km from the last (or `at`); `east` as LoneLoudTally.add. */
function phone(tally: LoneLoudTally, device: number, readings: number, loud: number, at = (k: number): readonly [number, number] => [k * 1000, 0], east = 1): void {
  for (let k = 0; k < readings; k++) {
    tally.countReading(device);
    if (k < loud) tally.add(device, at(k)[0], at(k)[1], east);
  }
}

describe('LoneLoudTally', () => {
  it('when a phone posts loud readings nobody else backs in far more than an honest share of its readings, then it is a suspect', () => {
    const tally = new LoneLoudTally();
    phone(tally, 7, 200, 40); // 20 % alone
    phone(tally, 8, 200, 9); // 4.5 %: within an honest phone's share
    expect([...tally.suspects()]).toEqual([7]);
  });

  it('when a phone is alone with many loud readings in one place, then it counts as one place: no suspect (a walk by a hotspot nobody else heard)', () => {
    const tally = new LoneLoudTally();
    phone(tally, 1, 40, 40, (k) => [10 + 2 * k, 50]); // 40 readings within one 100 m square
    expect(tally.suspects().size).toBe(0);
    phone(tally, 2, 10, 10, (k) => [k * 1000 + 10, 5000]); // 10 readings in 10 places
    expect(tally.suspects()).toEqual(new Set([2]));
  });

  it('when another phone reads loud within BACKED_WITHIN_M of each, before or after, then neither is alone', () => {
    const before = new LoneLoudTally();
    phone(before, 2, 40, 40, (k) => [k * 1000 + BACKED_WITHIN_M - 1, 0]);
    phone(before, 1, 40, 40);
    expect(before.suspects().size).toBe(0);
    const after = new LoneLoudTally();
    phone(after, 1, 40, 40);
    expect(after.suspects()).toEqual(new Set([1])); // alone until the other phone comes
    phone(after, 2, 40, 40, (k) => [k * 1000, BACKED_WITHIN_M - 1]);
    expect(after.suspects().size).toBe(0);
  });

  it('when the other phone\'s loud readings nearby carry vague fixes, then they back nothing, before or after, while a precise one backs them', () => {
    // In a world of 5–150 m fixes honest readings placed up to 150 m off stood beside a phone scattering −72…−60 dBm
    // over 250 spots, so it was never alone often enough (truth simulation, seeds 2 and 3: 7.56 and 7.44 ha flipped).
    const vague = (tally: LoneLoudTally, device: number, at: (k: number) => readonly [number, number]) => {
      for (let k = 0; k < 40; k++) {
        tally.countReading(device);
        tally.add(device, at(k)[0], at(k)[1], 1, false);
      }
    };
    const before = new LoneLoudTally();
    vague(before, 2, (k) => [k * 1000 + 10, 0]);
    phone(before, 1, 40, 40);
    expect(before.suspects()).toEqual(new Set([1])); // phone 1's precise readings back phone 2's; not the other way
    const after = new LoneLoudTally();
    phone(after, 1, 40, 40);
    vague(after, 2, (k) => [k * 1000, 10]);
    expect(after.suspects()).toEqual(new Set([1]));
    phone(after, 3, 40, 40, (k) => [k * 1000 + 20, 20]); // a precise phone beside it backs it
    expect(after.suspects().size).toBe(0);
  });

  it('when the only other loud reading is just beyond BACKED_WITHIN_M, or is the phone\'s own, then it backs nothing', () => {
    const beyond = new LoneLoudTally();
    phone(beyond, 1, 40, 40);
    phone(beyond, 2, 40, 40, (k) => [k * 1000 + BACKED_WITHIN_M + 1, 0]);
    expect(beyond.suspects()).toEqual(new Set([1, 2]));
    const own = new LoneLoudTally();
    phone(own, 1, 40, 40);
    phone(own, 1, 40, 40, (k) => [k * 1000 + 1, 0]); // the same phone at the same spots again
    expect(own.suspects()).toEqual(new Set([1]));
  });

  it('when distance is measured east–west, then projected metres are scaled to true ones; north–south they are true', () => {
    const tally = new LoneLoudTally();
    tally.add(1, 0, 0, 0.5);
    phone(tally, 2, 5, 5, (k) => [k === 0 ? 1.9 * BACKED_WITHIN_M : k * 5000, 0], 0.5); // the first 95 true metres east: backed, so 4 alone
    expect(tally.suspects().size).toBe(0);
    phone(tally, 3, 5, 5, (k) => [0, k === 0 ? 1.9 * BACKED_WITHIN_M : k * 5000], 0.5); // the first 190 m north: 5 alone
    expect(tally.suspects()).toEqual(new Set([3]));
  });

  it('when a phone has fewer than five lone loud readings, or only an honest share, then it is no suspect however few readings it has', () => {
    const few = new LoneLoudTally();
    phone(few, 1, 4, 4);
    expect(few.suspects().size).toBe(0);
    const five = new LoneLoudTally();
    phone(five, 1, 5, 5);
    expect(five.suspects()).toEqual(new Set([1]));
    const share = new LoneLoudTally();
    phone(share, 1, 80, 9); // 11 %: P(9 or more of 80 | 5 %) ≈ 0.02, an honest phone's bad luck
    expect(share.suspects().size).toBe(0);
    phone(share, 2, 80, 12, (k) => [k * 1000, 5000]); // 15 %, elsewhere: ≈ 6·10⁻⁴
    expect(share.suspects()).toEqual(new Set([2]));
    const honest = new LoneLoudTally();
    phone(honest, 1, 1000, Math.floor(HONEST_LONE_SHARE * 1000));
    expect(honest.suspects().size).toBe(0);
    phone(honest, 1, 0, 0);
    const clear = new LoneLoudTally();
    phone(clear, 1, 5, 5);
    clear.clear();
    phone(clear, 2, 10, 0);
    expect(clear.suspects().size).toBe(0);
  });
  it('when phones number in the hundreds or a phone has hundreds of loud readings, then each is still counted', () => {
    const many = new LoneLoudTally();
    phone(many, 1000, 200, 40); // ids past the tally's first allocation
    phone(many, 1001, 200, 9);
    expect([...many.suspects()]).toEqual([1000]);
    const quietFirst = new LoneLoudTally();
    for (let k = 0; k < 190; k++) quietFirst.countReading(5000); // a new phone's first readings are not loud
    phone(quietFirst, 5000, 10, 10); // then 10 of its 200 alone: 5 %, an honest share
    expect(quietFirst.suspects().size).toBe(0);
    const long = new LoneLoudTally();
    phone(long, 1, 300, 300); // past the first allocation of loud readings
    expect(long.suspects()).toEqual(new Set([1]));
    phone(long, 2, 300, 300); // at the same places: each backs one of phone 1's, the last ones too
    expect(long.suspects().size).toBe(0);
  });

  it('when a phone has two lone readings in one square, then the square counts once until both are backed; backing one twice changes nothing', () => {
    const tally = new LoneLoudTally();
    const add = (device: number, x: number, y: number) => { tally.countReading(device); tally.add(device, x, y, 1); };
    for (const k of [1, 2, 3]) add(1, k * 1000, 5000);
    add(1, 10, 5010);
    add(1, 95, 5010); // 85 m east of the last, in its square: four places
    expect(tally.suspects().size).toBe(0); // fewer than five
    add(2, 160, 5010); // 65 m from the second reading only
    add(3, 160, 5020); // a third phone there, by the backed reading and the second phone's
    add(1, 5000, 5000); // a fifth place: the square still counted once
    expect(tally.suspects()).toEqual(new Set([1])); // 5 places of 6 readings
    add(4, -50, 5010); // backs the square's other reading: four places again
    expect(tally.suspects().size).toBe(0);
  });

  it('when another phone reads loud exactly BACKED_WITHIN_M away, or between two lone phones, then it backs each', () => {
    const edge = new LoneLoudTally();
    phone(edge, 1, 5, 5, (k) => [k * 1000, 3000]);
    phone(edge, 2, 5, 5, (k) => [k * 1000, 3000 + BACKED_WITHIN_M]);
    expect(edge.suspects().size).toBe(0);
    const between = new LoneLoudTally();
    phone(between, 1, 5, 5, (k) => [k * 1000, 0]);
    phone(between, 2, 5, 5, (k) => [k * 1000 + 150, 0]); // 150 m from phone 1's: alone too
    expect(between.suspects()).toEqual(new Set([1, 2]));
    phone(between, 3, 5, 5, (k) => [k * 1000 + 75, 0]); // 75 m from each
    expect(between.suspects().size).toBe(0);
    const third = new LoneLoudTally();
    phone(third, 1, 5, 5);
    phone(third, 2, 5, 5, (k) => [k * 1000 + 10, 0]); // backs phone 1 at each place
    phone(third, 3, 5, 5, (k) => [k * 1000 + 20, 0]); // a third where both are backed: backed too
    expect(third.suspects().size).toBe(0);
  });
});

describe('PhonesNear', () => {
  const cols = 40, rows = 30, cell = (col: number, row: number) => row * cols + col; // 25 m cells: BACKED_WITHIN_M is 4 cells

  it('when a phone\'s reading comes, then it is backed only by another phone\'s that came before it in a cell within reach', () => {
    const near = new PhonesNear(cols, rows, 25);
    expect(near.add(1, cell(10, 10))).toBe(false); // the first
    expect(near.add(1, cell(11, 10))).toBe(false); // the same phone again: no backer
    expect(near.add(2, cell(14, 10))).toBe(true); // 4 cells (100 m) east of the first
    expect(near.add(3, cell(10, 15))).toBe(false); // 125 m or more from every earlier one
    expect(near.add(4, cell(13, 13))).toBe(true); // (1, 3) cells from phone 2's: 79 m
    expect(near.add(5, cell(20, 20))).toBe(false);
    expect(near.add(6, cell(23, 23))).toBe(false); // (3, 3) cells: 106 m, beyond reach though within 4 cells each way
    expect(near.add(7, cell(24, 20))).toBe(true); // (4, 0) cells: 100 m
  });

  it('when two phones\' readings share a cell, then a third phone\'s near it is backed, and so is either of the two again', () => {
    const near = new PhonesNear(cols, rows, 25);
    near.add(1, cell(0, 0));
    expect(near.add(2, cell(0, 0))).toBe(true); // the corner: cells off the grid are skipped
    expect(near.add(1, cell(2, 2))).toBe(true); // phone 2's is there now
    expect(near.add(3, cell(39, 29))).toBe(false); // the far corner
  });

  it('when asked whether a reading is backed, then readings recorded before or after it count alike, the phone\'s own never, and nothing is recorded', () => {
    const near = new PhonesNear(cols, rows, 25);
    near.add(1, cell(10, 10));
    expect(near.backed(1, cell(10, 10))).toBe(false); // its own
    expect(near.backed(2, cell(14, 10))).toBe(true); // 100 m east
    expect(near.backed(2, cell(15, 10))).toBe(false); // 125 m
    expect(near.backed(2, cell(14, 10))).toBe(true); // asking recorded nothing: phone 2 backs nobody yet
    expect(near.backed(1, cell(11, 10))).toBe(false);
    near.add(2, cell(14, 10)); // after it
    expect(near.backed(1, cell(10, 10))).toBe(true);
    expect(near.backed(3, cell(18, 10))).toBe(true); // (4, 0) cells from phone 2's
    expect(near.backed(2, cell(18, 10))).toBe(false); // phone 1's is 200 m off
    expect(near.backed(2, cell(0, 0))).toBe(false);
  });

  it('when asked for the cells near one, then they are those whose centres lie within BACKED_WITHIN_M, on the grid', () => {
    const near = new PhonesNear(cols, rows, 25), seen: number[] = [];
    near.forCellsNear(cell(10, 10), (c) => seen.push(c));
    const expected = Array.from({ length: cols * rows }, (_, c) => c).filter((c) => Math.hypot((c % cols) - 10, Math.floor(c / cols) - 10) * 25 <= BACKED_WITHIN_M);
    expect([...seen].sort((a, b) => a - b)).toEqual(expected);
    const corner: number[] = [];
    near.forCellsNear(cell(0, 0), (c) => corner.push(c));
    expect(corner.every((c) => c >= 0 && c % cols <= 4 && Math.floor(c / cols) <= 4)).toBe(true);
    expect(corner).toHaveLength(expected.filter((c) => c % cols >= 10 && Math.floor(c / cols) >= 10).length);
    const far: number[] = []; // the opposite corner: nothing wraps round to the next row, nothing runs off the grid
    near.forCellsNear(cell(cols - 1, rows - 1), (c) => far.push(c));
    expect(far.every((c) => c < cols * rows && c % cols >= cols - 5 && Math.floor(c / cols) >= rows - 5)).toBe(true);
    expect(far).toHaveLength(corner.length);
  });

  it('when cleared, then nothing backs anything, and the answers are the same given the same readings again', () => {
    const near = new PhonesNear(cols, rows, 25);
    const readings = Array.from({ length: 200 }, (_, k) => [k % 7, cell((k * 13) % cols, (k * 7) % rows)] as const);
    const first = readings.map(([device, at]) => near.add(device, at));
    near.clear();
    expect(readings.map(([device, at]) => near.add(device, at))).toEqual(first);
    expect(first.filter(Boolean).length).toBeGreaterThan(0);
    expect(first.filter((b) => !b).length).toBeGreaterThan(0);
  });
});
