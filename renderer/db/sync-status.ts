/**
 * What the van says about its sync, decided from facts only (a false "synced" is
 * worse than none): whether the office answered the last time the van asked, whether a
 * replication is busy, and what is still waiting. "In step" needs all of: the office reachable, nothing
 * running, no document waiting, no scan unverified, nothing refused.
 */
/**
 * `revoked`: the office revoked this device; nothing is pushed or set aside until it is enrolled again.
 * `wipe-ordered`: the office ordered this device wiped; replication stops and the wipe (remote-wipe.ts) takes over.
 */
export type SyncStatus = 'stopped' | 'connecting' | 'syncing' | 'in-sync' | 'offline' | 'refused' | 'revoked' | 'wipe-ordered' | 'attention';

/** The office link as last seen: never asked yet, answered, unreachable, refusing this device, having revoked it, or having ordered it wiped. */
export type Link = 'unknown' | 'up' | 'down' | 'refused' | 'revoked' | 'wipe-ordered';

export type StatusFacts = {
  stopped: boolean;
  link: Link;
  /** A replication is pulling or pushing right now. */
  active: boolean;
  pendingDocuments: number;
  pendingScans: number;
  /** Documents the office refused (set aside on the van). */
  quarantined: number;
};

export function syncStatusOf(f: StatusFacts): SyncStatus {
  if (f.stopped) return 'stopped';
  switch (f.link) {
    case 'unknown':
      return 'connecting';
    case 'down':
      return 'offline';
    case 'refused':
      return 'refused';
    case 'revoked':
      return 'revoked';
    case 'wipe-ordered':
      return 'wipe-ordered';
    case 'up':
      if (f.quarantined > 0) return 'attention';
      return f.active || f.pendingDocuments > 0 || f.pendingScans > 0 ? 'syncing' : 'in-sync';
  }
}

/** Why the last exchange with the office failed, without the transport's own (English) wording. */
export type SyncErrorCode = 'unreachable' | 'office-unavailable' | 'office-refused' | 'device-revoked' | 'device-wipe-ordered';

export type SyncError = {
  code: SyncErrorCode;
  /** The office's HTTP status, when it answered. */
  status: number | null;
  /** The office's own message (Chinese, from its typed error body), when it sent one. */
  officeMessage: string | null;
  at: string;
};
