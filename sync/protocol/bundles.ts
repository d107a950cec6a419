/**
 * USB bundles (sneakernet) for a van with no link for days: the van writes its documents the office has not
 * accepted, and the scan files it has not verified, into one sealed file on a USB stick; the office imports it
 * with the same checks as a push, and can write a sealed answer bundle (its pull pages for that device) the van
 * takes in like a pull. The seal is in bundle-seal.ts; docs/usb-bundles.md explains the design.
 */
import { z } from 'zod';
import { SYNC_COLLECTIONS, VAN_COLLECTIONS } from './collections.ts';
import { Checkpoint, PushRow, REJECTION_CODES } from './messages.ts';

export const BUNDLE_FORMAT = 1;
/** The file name extension of a bundle (JiaMuSi Bundle). */
export const BUNDLE_EXTENSION = '.jmsb';
/** Largest bundle the office takes in one import (scans included). */
export const MAX_BUNDLE_BYTES = 2 * 1024 * 1024 * 1024 - 1;

export const BUNDLE_DIRECTIONS = ['van-to-office', 'office-to-van'] as const;
export type BundleDirection = (typeof BUNDLE_DIRECTIONS)[number];

const Id = z.string().min(1).max(100);
const Base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(64);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** The bundle's clear header: which device, which way, what is inside (counts only). Authenticated, not secret. */
export const BundleHeader = z.object({
  format: z.literal(BUNDLE_FORMAT),
  direction: z.enum(BUNDLE_DIRECTIONS),
  deviceId: Id,
  bundleId: Id,
  createdAt: z.string().max(40),
  salt: Base64,
  iv: Base64,
  documents: z.number().int().nonnegative(),
  scans: z.number().int().nonnegative(),
}).strict();
export type BundleHeader = z.infer<typeof BundleHeader>;

/** One collection's rows in the order the van would push them (case header, events by sequence, ...). */
export const BundleRows = z.object({ collection: z.enum(VAN_COLLECTIONS), rows: z.array(PushRow) }).strict();
export type BundleRows = z.infer<typeof BundleRows>;

/** A scan file carried in the bundle: its bytes sit after the manifest at `offset`. */
export const BundleScan = z.object({ sha256: Sha256, bytes: z.number().int().nonnegative(), offset: z.number().int().nonnegative() }).strict();
export type BundleScan = z.infer<typeof BundleScan>;

export const VanBundleManifest = z.object({
  direction: z.literal('van-to-office'),
  deviceId: Id,
  bundleId: Id,
  createdAt: z.string().max(40),
  collections: z.array(BundleRows),
  scans: z.array(BundleScan),
  /** Protocol 21: the van's protocol version. From 21 the office keeps the bundle's per-case order itself (held-back refusals); older vans send none. */
  protocol: z.number().int().positive().optional(),
}).strict();
export type VanBundleManifest = z.infer<typeof VanBundleManifest>;

/** A refusal as the answer bundle carries it: which collection, which document, the code and the reason. */
export const BundleRefusal = z.object({ collection: z.enum(VAN_COLLECTIONS), id: z.string(), code: z.enum(REJECTION_CODES), reason: z.string() }).strict();
export type BundleRefusal = z.infer<typeof BundleRefusal>;

/** One collection's pull for the device, everything up to `checkpoint` (the office's write sequence). */
export const BundlePage = z.object({
  collection: z.enum(SYNC_COLLECTIONS),
  documents: z.array(z.record(z.string(), z.unknown())),
  checkpoint: Checkpoint.nullable(),
}).strict();
export type BundlePage = z.infer<typeof BundlePage>;

export const OfficeBundleManifest = z.object({
  direction: z.literal('office-to-van'),
  deviceId: Id,
  bundleId: Id,
  createdAt: z.string().max(40),
  /** The van bundle this one answers (its refusals are in `refused`), or null for a plain trip pull. */
  answersTo: Id.nullable(),
  pages: z.array(BundlePage),
  refused: z.array(BundleRefusal),
}).strict();
export type OfficeBundleManifest = z.infer<typeof OfficeBundleManifest>;

/** What an import did: per document the same answer a live push gets, per scan whether its bytes were kept. */
export const BundleImportResult = z.object({
  bundleId: Id,
  deviceId: Id,
  createdAt: z.string(),
  stored: z.number().int().nonnegative(),
  already: z.number().int().nonnegative(),
  refused: z.array(BundleRefusal),
  scansStored: z.number().int().nonnegative(),
  scansAlready: z.number().int().nonnegative(),
  scansRefused: z.array(z.object({ sha256: Sha256, reason: z.string() }).strict()),
}).strict();
export type BundleImportResult = z.infer<typeof BundleImportResult>;
