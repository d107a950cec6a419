import { z } from 'zod';

export const Id = z.string().min(1).max(100);
export const IsoTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date();
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits');
/** Integer fen (domain/money.ts); never floats on the wire. */
export const FenAmount = z.number().int().nonnegative().max(1_000_000_000);
/** RxDB's deletion flag; van-authored documents are never deleted. */
export const NotDeleted = z.literal(false);
