import { formatSignedYuanGrouped } from '#domain/money.ts';
import { fenPerM2 } from './statistics.ts';

// Figures as the office's pages and reports print them (the city's statistics, the map query), under headings that
// name the unit (元, ㎡, 元/㎡, 米): grouped by thousands, as a city's year of sales runs to ten figures.

const grouped = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Fen as yuan, "1,880,760.00"; a month's fees may be below zero (refunds of earlier months). */
export const yuanFigure = (fen: number): string => formatSignedYuanGrouped(fen);
/** Square decimetres as square metres, "12,573.60". */
export const areaFigure = (dm2: number): string => grouped((dm2 / 100).toFixed(2));
/** A length in metres to the centimetre, "1,234.50" (a street's length on the map page). */
export const metresFigure = (metres: number): string => grouped(metres.toFixed(2));
/** The average price in yuan per square metre, "6,800"; "—" where nothing was sold. */
export const pricePerM2Figure = (fen: number, dm2: number): string => {
  const p = fenPerM2(fen, dm2);
  return p === null ? '—' : grouped((p / 100).toFixed(0));
};
