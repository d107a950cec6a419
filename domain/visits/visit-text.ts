import { MIN_REASON_CHARS } from '#domain/reasons.ts';
import { type AppointmentState, type VisitRefusal } from './visit-outcome.ts';

/** The names of an appointment's states, the same on the van and on the office's pages. */
export const APPOINTMENT_STATE_TEXT: Record<AppointmentState, string> = {
  pending: '待办',
  accepted: '已受理',
  'not-home': '未遇',
  rescheduled: '改约',
  cancelled: '放弃',
};

export const VISIT_REFUSAL_TEXT: Record<VisitRefusal, string> = {
  'reason-required': `请写明原因（至少 ${MIN_REASON_CHARS.visitOutcome} 个字）`,
  'date-required': '请选择改约后的日期',
  'date-not-after-trip': '改约日期须在本次出车日期之后',
  'time-invalid': '请填写改约的时间（如 09:30）',
  'already-accepted': '该预约已受理，不能再记录上门结果',
};

/** One line for a recorded outcome: `改约至 2026-12-03 09:30（家中有事）`. */
export function visitSummary(v: { outcome: AppointmentState; note: string; rescheduledTo?: string | undefined; rescheduledTime?: string | undefined }): string {
  const head = v.outcome === 'rescheduled' && v.rescheduledTo ? `改约至 ${v.rescheduledTo}${v.rescheduledTime ? ` ${v.rescheduledTime}` : ''}` : APPOINTMENT_STATE_TEXT[v.outcome];
  return v.note ? `${head}（${v.note}）` : head;
}
