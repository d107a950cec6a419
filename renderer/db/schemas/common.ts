/** Shared JSON-schema pieces. Indexed strings need `maxLength` and indexed fields must be required (Dexie, DXE1). */
export const idField = { type: 'string', maxLength: 100 } as const;
export const stringField = { type: 'string' } as const;
export const timeField = { type: 'string', maxLength: 40 } as const;
export const stringArray = { type: 'array', items: { type: 'string' } } as const;
