import { BUSINESS_KINDS, findBusinessKind } from '#domain/business/business-kinds.ts';

/** The Chinese name of a business kind as the office wrote it, falling back to the code itself. */
export const businessLabel = (kind: string): string => {
  const key = findBusinessKind(kind);
  return key ? BUSINESS_KINDS[key].name : kind;
};
