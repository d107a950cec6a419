import { describe, expect, it } from 'vitest';
import { areaFigure, pricePerM2Figure, yuanFigure } from '#domain/city/figures.ts';

describe('the city statistics’ figures, as the city page and reports print them', () => {
  it('groups yuan, areas and prices by thousands', () => {
    expect(yuanFigure(188_076_000)).toBe('1,880,760.00');
    expect(areaFigure(1_257_360)).toBe('12,573.60');
    expect(areaFigure(125_736)).toBe('1,257.36');
    expect(pricePerM2Figure(68_000_000, 10_000)).toBe('6,800');
  });

  it('keeps the sign of a month whose refunds outweigh its fees, and says — for a price where nothing was sold', () => {
    expect(yuanFigure(-123_456)).toBe('-1,234.56');
    expect(pricePerM2Figure(0, 0)).toBe('—');
  });
});
