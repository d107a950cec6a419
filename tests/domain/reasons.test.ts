import { describe, expect, it } from 'vitest';
import { isReasonGiven, MIN_REASON_CHARS } from '#domain/reasons.ts';

describe('a reason a person writes', () => {
  it('counts Chinese characters one each and ignores the spaces around it', () => {
    expect(isReasonGiven('outOfOrder', '病危加急')).toBe(true);
    expect(isReasonGiven('outOfOrder', '  加急  ')).toBe(false);
    expect(isReasonGiven('voidReceipt', '打错')).toBe(true);
    expect(isReasonGiven('voidReceipt', '错')).toBe(false);
  });

  it('needs more for signing off a trip with open errors than for voiding a receipt', () => {
    expect(MIN_REASON_CHARS.signOffWithErrors).toBe(10);
    expect(isReasonGiven('signOffWithErrors', '差额已由经办人补齐')).toBe(false);
    expect(isReasonGiven('signOffWithErrors', '差额已由经办人当场补齐')).toBe(true);
  });
});
