import { describe, expect, it } from 'vitest';
import { type CaseEventBody } from '#domain/case/events.ts';
import { projectCase } from '#domain/case/lifecycle.ts';
import { decideSystemAct, SYSTEM_ACTOR_ID, systemActorName } from '#domain/case/system-acts.ts';
import { chain, intake } from './events-fixture.ts';

const accepted: CaseEventBody = { kind: 'accepted', payload: intake };
const seized: CaseEventBody = { kind: 'flagged', payload: { code: 'seized-after-acceptance', message: '受理后该单元被法院查封' } };
const lapse: CaseEventBody = { kind: 'flag-cleared', payload: { code: 'seized-after-acceptance', reason: '查封期限届满，未续封，依法失效（查封规定 第二十七条）' } };

describe('what the system records in no one’s name (a seizure’s lapse)', () => {
  const flagged = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, { body: seized, actor: 'app-c' }]));

  it('clears the seizure flag of a lapse, with its reason, and only on a case that carries it', () => {
    expect(decideSystemAct(flagged, lapse, 'seizure-lapse').ok).toBe(true);
    expect(decideSystemAct(flagged, { ...lapse, payload: { ...lapse.payload, reason: ' ' } }, 'seizure-lapse')).toEqual({ ok: false, error: 'reason-required' });
    const unflagged = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }]));
    expect(decideSystemAct(unflagged, lapse, 'seizure-lapse')).toEqual({ ok: false, error: 'not-flagged' });
  });

  it('accepts nothing else as the system: no other flag, no other event', () => {
    const other = projectCase('c1', chain('van-1', 'c1', [{ body: accepted, actor: 'clerk-1' }, { body: { kind: 'flagged', payload: { code: 'other', message: '其他' } }, actor: 'app-c' }]));
    expect(decideSystemAct(other, { kind: 'flag-cleared', payload: { code: 'other', reason: '期限届满' } }, 'seizure-lapse')).toEqual({ ok: false, error: 'wrong-role' });
    expect(decideSystemAct(flagged, seized, 'seizure-lapse')).toEqual({ ok: false, error: 'wrong-role' });
    expect(decideSystemAct(flagged, { kind: 'registered', payload: { unitStatusCheckedAt: '2026-11-24T00:00:00Z' } }, 'seizure-lapse')).toEqual({ ok: false, error: 'wrong-role' });
  });

  it('names its actor apart from every staff id', () => {
    expect(SYSTEM_ACTOR_ID['seizure-lapse'].startsWith('staff-')).toBe(false);
    expect(systemActorName(SYSTEM_ACTOR_ID['seizure-lapse'])).toBe('系统（查封期限届满）');
    expect(systemActorName('staff-chenjing')).toBeUndefined();
  });
});
