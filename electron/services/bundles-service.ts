/**
 * USB bundles on the van's main side (docs/usb-bundles.md): the page reads what it has not pushed from its store
 * (renderer/db/bundle-rows.ts) and hands it over; this adds the scan files' bytes and writes the sealed bundle
 * into the folder on the stick.
 */
import { readFile, stat } from 'node:fs/promises';
import { ServiceError } from '#electron/ipc/handle.ts';
import { BUNDLE_TEXT, usbFailureWords } from '#electron/bundles/bundle-text.ts';
import { findAnswerFile, openOfficeBundle, writeVanBundle } from '#electron/bundles/van-bundle.ts';
import { type ServiceContext, type ServiceModule } from './context.ts';

export function enableBundles(ctx: ServiceContext): ServiceModule<'sync:exportBundle' | 'sync:importBundle'> {
  return {
    handlers: {
      'sync:exportBundle': async ({ dir, collections, scans }) => {
        const token = ctx.config.deviceToken;
        if (!token || !ctx.publicConfig.deviceId) throw new ServiceError('not-configured', BUNDLE_TEXT.notEnrolled);
        if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw new ServiceError('not-found', BUNDLE_TEXT.folderMissing(dir));
        const store = ctx.deps.scans;
        const readScan = async (sha256: string) => {
          const file = store ? await store.read(sha256) : null;
          if (!file) throw new ServiceError('not-found', BUNDLE_TEXT.scanMissing(sha256));
          return file.bytes;
        };
        try {
          const written = await writeVanBundle(dir, { deviceId: ctx.publicConfig.deviceId, deviceToken: token, collections, scans, readScan, now: ctx.clock.now() });
          ctx.log.info({ path: written.path, documents: written.documents, scans: written.scans }, 'USB bundle written');
          return { path: written.path, documents: written.documents, scans: written.scans, bytes: written.bytes };
        } catch (error) {
          if (error instanceof ServiceError) throw error;
          ctx.log.warn({ dir, err: error instanceof Error ? error.message : String(error) }, 'USB bundle not written');
          throw new ServiceError('unavailable', BUNDLE_TEXT.writeFailed(dir, usbFailureWords(error)));
        }
      },
      // Opened and checked here (the device token stays on the main side); the page takes the documents in.
      'sync:importBundle': async ({ path }) => {
        const token = ctx.config.deviceToken;
        const deviceId = ctx.publicConfig.deviceId;
        if (!token || !deviceId) throw new ServiceError('not-configured', BUNDLE_TEXT.notEnrolled);
        const file = await findAnswerFile(path, deviceId);
        if (!file) throw new ServiceError('not-found', BUNDLE_TEXT.answerMissing(path));
        const bytes = await readFile(file).catch((error: unknown) => {
          ctx.log.warn({ file, err: error instanceof Error ? error.message : String(error) }, 'answer bundle not read');
          throw new ServiceError('unavailable', BUNDLE_TEXT.readFailed(file, usbFailureWords(error)));
        });
        const opened = await openOfficeBundle(new Uint8Array(bytes), deviceId, token);
        if (!opened.ok) throw new ServiceError('rejected', opened.reason);
        ctx.log.info({ path: file, bundleId: opened.manifest.bundleId }, 'answer bundle opened');
        return { ...opened.manifest, path: file };
      },
    },
  };
}
