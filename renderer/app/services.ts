import { createContext, useContext } from 'react';
import { type VanApi, type VanConfig } from '#electron/ipc/contract.ts';
import { type VanDatabase } from '#renderer/db/database.ts';
import { type SyncController } from '#renderer/db/sync-controller.ts';
import { type StaffLogin } from '#renderer/db/offline-login.ts';

/** What every screen reaches: the local store, the main-side services, the sync, who is logged in. */
export type AppServices = {
  db: VanDatabase;
  van: VanApi;
  config: VanConfig;
  sync: SyncController | null;
  staff: StaffLogin;
  now: () => Date;
  newId: () => string;
  /** A new case's id: carries the county's code on a county office's van (domain/case/case-id.ts). */
  newCaseId: () => string;
};

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesContext');
  return services;
}
