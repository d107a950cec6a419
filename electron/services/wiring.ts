/**
 * Where the concrete drivers of the other areas (electron/devices, electron/documents,
 * electron/receipts, electron/scans) are adapted to the shapes the services use (context.ts).
 * An area not present yet leaves its dependency out; its channels then answer `unavailable`
 * with a plain message instead of pretending to work.
 */
import { type HostDependencies } from './context.ts';
import { type ModuleLogger } from './log.ts';
import { createScanAdapter } from './scan-adapter.ts';

export type WiringOptions = { dataDir: string; officeUrl: string; deviceToken: string | null; log: ModuleLogger };

export function loadHostDependencies(opts: WiringOptions): Promise<HostDependencies> {
  return Promise.resolve({
    scans: createScanAdapter(opts),
  });
}
