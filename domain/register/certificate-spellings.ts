/**
 * The spellings a certificate number may be stored under, for one the staff typed. A certificate prints its year
 * in brackets (黑(2019)佳木斯市不动产权第0030784号); the register keeps whichever brackets the number was entered
 * with, and a Chinese input method types the full-width ones （）. The same number in either brackets is the
 * same certificate, so a search tries both: one typed with （） finds one stored with (), and the other way round.
 */
export function certificateSpellings(typed: string): string[] {
  const t = typed.trim();
  const half = t.replace(/（/g, '(').replace(/）/g, ')');
  const full = t.replace(/\(/g, '（').replace(/\)/g, '）');
  return [...new Set([t, half, full])];
}
