/** Chinese names for codes that come from the office, falling back to the code itself. */
const BUSINESS_FALLBACK: Record<string, string> = {};

export const businessLabel = (kind: string): string => BUSINESS_FALLBACK[kind] ?? kind;
