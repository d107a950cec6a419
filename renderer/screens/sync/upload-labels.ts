import { type Observable, combineLatest, map } from 'rxjs';
import { type VanDatabase } from '#renderer/db/database.ts';
import { draft$ } from '#renderer/screens/intake/draft-store.ts';

/** What a person knows a scan by: whose case, which material and how many pages (not its hash). */
export type UploadLabel = { applicants: string; material: string; pages: number; unsaved: boolean };

/**
 * Labels for the scans on 同步, by `caseId` and hash: from the case's scan records, or, for an intake not saved
 * yet, from the draft kept on the van (its scans stay on the van until the case is saved).
 */
export function uploadLabels$(db: VanDatabase): Observable<Map<string, UploadLabel>> {
  return combineLatest([db.scans.find().$, db.cases.find().$, draft$(db)]).pipe(
    map(([scans, cases, stored]) => {
      const labels = new Map<string, UploadLabel>();
      // One file scanned for two materials has a record for each (draft.ts): its one upload names both. A draft's
      // label replaces a saved one of the same key rather than merging with it.
      const add = (key: string, label: UploadLabel): void => {
        const had = labels.get(key);
        labels.set(key, had?.unsaved === label.unsaved ? { ...label, material: `${had.material}、${label.material}` } : label);
      };
      const names = new Map(cases.map((c) => [c.id, c.applicants.map((a) => a.name).join('、')]));
      for (const s of scans) add(`${s.caseId} ${s.sha256}`, { applicants: names.get(s.caseId) ?? '', material: s.material.name, pages: s.pages, unsaved: false });
      if (stored && stored.saved === null) {
        const who = stored.draft.applicants.map((a) => a.name).join('、') || (stored.appointment?.applicantName ?? '');
        for (const m of stored.draft.materials) {
          for (const s of m.scans) add(`${stored.draft.caseId} ${s.sha256}`, { applicants: who, material: m.name, pages: s.pages, unsaved: true });
        }
      }
      return labels;
    }),
  );
}
