import { FieldError } from '@erp/contracts';
import { DateWindow } from '@erp/domain';
import { RequestRejected } from '@erp/platform';
import { AlarmSubmission } from '@erp/contracts';

export const DATE_OUT_OF_RANGE = 'REQUEST.DATE_OUT_OF_RANGE';

/** The alarm's dates outside the accepted window, by JSON pointer under `prefix` (a batch item's). */
export function alarmDateProblems(
  alarm: AlarmSubmission,
  window: DateWindow,
  now: Date,
  prefix = '',
): FieldError[] {
  const problem = window.problem(new Date(alarm.occurredAt), now);
  return problem ? [{ pointer: `${prefix}/occurredAt`, message: problem }] : [];
}

/** The 400 for an alarm whose dates are outside the window (the schema already checked their form). */
export function assertAlarmDates(alarm: AlarmSubmission, window: DateWindow, now: Date, prefix = ''): void {
  const fields = alarmDateProblems(alarm, window, now, prefix);
  if (fields.length) {
    throw new RequestRejected(
      400,
      DATE_OUT_OF_RANGE,
      `日期超出可接受范围 date outside the accepted window: ${fields.map((f) => f.pointer).join(', ')}`,
      fields,
    );
  }
}
