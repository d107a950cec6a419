import { type Page } from 'playwright-core';

/**
 * The van's store refuses every write, as IndexedDB does when the disk is full: each put or add throws the
 * browser's own `QuotaExceededError`, whose English the screens must not show. `false` lets writes through again.
 */
export const refuseWrites = (page: Page, refuse: boolean) => page.evaluate((refuse) => {
  // The prototype's own methods, kept as they are (descriptors, so no method is read off its object).
  const w = window as unknown as { keptWrites?: PropertyDescriptorMap };
  if (!refuse) {
    if (w.keptWrites) Object.defineProperties(IDBObjectStore.prototype, w.keptWrites);
    return;
  }
  w.keptWrites = { put: Object.getOwnPropertyDescriptor(IDBObjectStore.prototype, 'put')!, add: Object.getOwnPropertyDescriptor(IDBObjectStore.prototype, 'add')! };
  const full = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  Object.assign(IDBObjectStore.prototype, { put: full, add: full });
}, refuse);

/** A support code as the screens show it (renderer/app/failure-log.ts). */
export const FAILURE_CODE = '[2-9A-Z]{4}-[2-9A-Z]{4}';
