import { describe, expect, it } from 'vitest';
import { Squares, squareKey } from '../../../server/domain/coverage/squares';
import { mulberry32 } from '../../../server/domain/coverage/random';

describe('Squares', () => {
  it('when items are filed, then each lies in the square of its coordinates, negative ones included, in the order added', () => {
    const squares = new Squares<string>(100);
    squares.add(0, 0, 'origin');
    squares.add(99.9, 50, 'same square');
    squares.add(100, 0, 'east');
    squares.add(-0.1, -100, 'south-west');
    expect(squares.of(99.9)).toBe(0);
    expect(squares.of(100)).toBe(1);
    expect(squares.of(-0.1)).toBe(-1);
    expect(squares.in(0, 0)).toEqual(['origin', 'same square']);
    expect(squares.in(1, 0)).toEqual(['east']);
    expect(squares.in(-1, -1)).toEqual(['south-west']);
    expect(squares.in(0, -1)).toBeUndefined();
    squares.clear();
    expect(squares.in(0, 0)).toBeUndefined();
  });

  it('when asked for the items near a point, then they include every item inside the rectangle, and only those of squares it touches', () => {
    const random = mulberry32(5), side = 50;
    const points = Array.from({ length: 500 }, (_, k) => ({ k, x: 2000 * random() - 1000, y: 2000 * random() - 1000 }));
    const squares = new Squares<(typeof points)[number]>(side);
    for (const p of points) squares.add(p.x, p.y, p);
    for (let q = 0; q < 300; q++) {
      const x = 2200 * random() - 1100, y = 2200 * random() - 1100, rx = 200 * random(), ry = 200 * random();
      const found: number[] = [];
      squares.forEachNear(x, y, rx, ry, (p) => found.push(p.k));
      const inside = points.filter((p) => Math.abs(p.x - x) <= rx && Math.abs(p.y - y) <= ry).map((p) => p.k);
      expect(found.filter((k) => inside.includes(k))).toHaveLength(inside.length);
      const touched = (p: (typeof points)[number]) => Math.floor(p.x / side) >= Math.floor((x - rx) / side) && Math.floor(p.x / side) <= Math.floor((x + rx) / side)
        && Math.floor(p.y / side) >= Math.floor((y - ry) / side) && Math.floor(p.y / side) <= Math.floor((y + ry) / side);
      expect([...found].sort((a, b) => a - b)).toEqual(points.filter(touched).map((p) => p.k));
    }
  });

  it('when squares lie far apart, then their keys differ', () => {
    const keys = new Set<number>();
    for (let i = -300; i <= 300; i += 3) for (let j = -300; j <= 300; j += 3) keys.add(squareKey(i, j));
    expect(keys.size).toBe(201 * 201);
  });
});
