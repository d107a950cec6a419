/**
 * The van ⇄ office wire contract version. Every request carries it in `PROTOCOL_HEADER`; the office
 * answers 426 with code `protocol-too-old` to a client whose version it no longer speaks.
 * Changes to sync/protocol are additive only; bump this on every change (STYLE.md §6).
 */
export const PROTOCOL_VERSION = 1;

/** The oldest client version the office still accepts. */
export const MIN_SUPPORTED_PROTOCOL_VERSION = 1;

export const PROTOCOL_HEADER = 'x-van-protocol';

/** Base path of every office API route. */
export const API_BASE = '/api/v1';
