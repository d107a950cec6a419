/**
 * The archive's page files: photos of the house as it stands (现状影像) and the pages of imported historic files,
 * each recorded with the unit it belongs to. The files themselves are on disk by content hash; this port keeps
 * what they are. The SQLite adapter is `sqlite-page-store.ts`; a PostgreSQL one implements the same type.
 */

/** `unit-photo`: 现状影像 of the unit; `legacy`: a page of an imported historic file. */
export type PageOwnerKind = 'unit-photo' | 'legacy';

export type StoredPage = {
  id: string;
  ownerKind: PageOwnerKind;
  /** The unit for a photo; the import batch for a historic page. */
  ownerId: string;
  unitNumber: string;
  /** Order within the owner, from 1. */
  position: number;
  label: string;
  sha256: string;
  width: number;
  height: number;
  addedBy: string;
  addedAt: string;
};

export type NewPage = Omit<StoredPage, 'position'>;

export type PageStore = {
  /** Records a page after those its owner has, in one transaction; the same id twice records it once. */
  add(page: NewPage): Promise<StoredPage>;
  /** Records every page of one imported file together, or none; a file whose first page is recorded records nothing. */
  addFile(pages: readonly StoredPage[]): Promise<void>;
  pagesOfUnit(unitNumber: string, kind: PageOwnerKind): Promise<StoredPage[]>;
  /** Whether any recorded page is this file (only recorded files are served). */
  holdsFile(sha256: string): Promise<boolean>;
};
