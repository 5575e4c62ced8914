import { AlarmSubmission, AlarmSubmissionSchema, fieldErrors, findUnstorableText } from '@erp/contracts';
import { DateWindow } from '@erp/domain';
import { PoisonRecord } from '@erp/event-stream';
import { alarmDateProblems } from '../receive-alarm/alarm-dates';

/**
 * A machine source's record value as the JSON alarm the HTTP API takes. Throws `PoisonRecord` naming
 * every problem by JSON pointer, the same pointers the HTTP API answers with: text PostgreSQL cannot store,
 * schema errors, dates outside the accepted window.
 */
export function decodeAlarmSubmission(value: string, dates: DateWindow, now: Date): AlarmSubmission {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (e) {
    throw new PoisonRecord(`not JSON: ${(e as Error).message}`);
  }
  const unstorable = findUnstorableText(json);
  if (unstorable) throw new PoisonRecord(`${unstorable.pointer} ${unstorable.message}`);
  const parsed = AlarmSubmissionSchema.safeParse(json);
  if (!parsed.success) {
    const problems = fieldErrors(parsed.error).map((f) => `${f.pointer} ${f.message}`);
    throw new PoisonRecord(`invalid alarm: ${problems.join('; ')}`);
  }
  const outside = alarmDateProblems(parsed.data, dates, now);
  if (outside.length) {
    throw new PoisonRecord(`invalid alarm: ${outside.map((f) => `${f.pointer} ${f.message}`).join('; ')}`);
  }
  return parsed.data;
}
