import { describe, expect, it } from 'vitest';
import { type StatusFacts, syncStatusOf } from '#renderer/db/sync-status.ts';

const quiet: StatusFacts = { stopped: false, link: 'up', active: false, pendingDocuments: 0, pendingScans: 0, quarantined: 0 };

describe('the sync status shown on the van', () => {
  it('is in step only when the office answers and nothing waits, runs or was refused', () => {
    expect(syncStatusOf(quiet)).toBe('in-sync');
    expect(syncStatusOf({ ...quiet, active: true })).toBe('syncing');
    expect(syncStatusOf({ ...quiet, pendingDocuments: 2 })).toBe('syncing');
    expect(syncStatusOf({ ...quiet, pendingScans: 1 })).toBe('syncing');
  });

  it('is offline while the office does not answer, however little there is to send', () => {
    expect(syncStatusOf({ ...quiet, link: 'down' })).toBe('offline');
    expect(syncStatusOf({ ...quiet, link: 'down', pendingDocuments: 3 })).toBe('offline');
  });

  it('asks for attention when the office refused a document, even with nothing else waiting', () => {
    expect(syncStatusOf({ ...quiet, quarantined: 1 })).toBe('attention');
    expect(syncStatusOf({ ...quiet, quarantined: 1, active: true })).toBe('attention');
  });

  it('says connecting before the first answer, refused for a refused device, stopped when stopped', () => {
    expect(syncStatusOf({ ...quiet, link: 'unknown' })).toBe('connecting');
    expect(syncStatusOf({ ...quiet, link: 'refused' })).toBe('refused');
    expect(syncStatusOf({ ...quiet, stopped: true, link: 'down' })).toBe('stopped');
  });
});
