import { type RxJsonSchema } from 'rxdb';
import { type StaffDoc } from '#protocol/documents/office.ts';
import { idField, stringArray, stringField, timeField } from './common.ts';

/** Version 0. Holds password hashes (PBKDF2) so staff can log in offline. */
export const staffSchema: RxJsonSchema<Omit<StaffDoc, '_deleted'>> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    login: { type: 'string', maxLength: 64 },
    name: stringField,
    roles: stringArray,
    passwordHash: stringField,
    active: { type: 'boolean' },
    updatedAt: timeField,
  },
  required: ['id', 'login', 'name', 'roles', 'passwordHash', 'active', 'updatedAt'],
  indexes: ['login'],
};
