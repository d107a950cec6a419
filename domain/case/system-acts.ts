import { assertNever } from '#domain/assert.ts';
import { type Result, err } from '#domain/result.ts';
import { type CaseEventBody } from '#domain/case/events.ts';
import { type CaseProjection, type Refusal, decideFlagCleared } from '#domain/case/lifecycle.ts';
import { FINAL_STAGES } from '#domain/case/stages.ts';

/**
 * What the office records on a case in no one's name, because the law, not a person, brought it about. Each act
 * has its own actor id (never a staff id: staff ids start `staff-`), so the case's history says it was the system.
 */
export type SystemAct = 'seizure-lapse';

export const SYSTEM_ACTOR_ID: Record<SystemAct, string> = {
  'seizure-lapse': 'system-seizure-lapse',
};

/** How the case page names a system actor. */
export const SYSTEM_ACTOR_NAME: Record<SystemAct, string> = {
  'seizure-lapse': '系统（查封期限届满）',
};

export const systemActorName = (actorId: string): string | undefined =>
  (Object.keys(SYSTEM_ACTOR_ID) as SystemAct[]).map((a) => (SYSTEM_ACTOR_ID[a] === actorId ? SYSTEM_ACTOR_NAME[a] : undefined)).find((n) => n !== undefined);

/**
 * Decides an event the system records for `act`; it accepts that one act and nothing else. A seizure whose period
 * ran out without 续封 loses its effect by law (最高人民法院关于人民法院民事执行中查封、扣押、冻结财产的规定 第二十七条):
 * clearing the seizure flag it left on an open case is nobody's decision, so it must not hang on whether the staff
 * member who recorded the seizure still holds the 登簿 role.
 */
export function decideSystemAct(p: CaseProjection, body: CaseEventBody, act: SystemAct): Result<CaseEventBody, Refusal> {
  switch (act) {
    case 'seizure-lapse':
      if (body.kind !== 'flag-cleared' || body.payload.code !== 'seized-after-acceptance') return err('wrong-role');
      if (FINAL_STAGES.has(p.stage)) return err('case-closed');
      return decideFlagCleared(p, body);
    default:
      return assertNever(act, 'system act');
  }
}
