import { fieldErrors } from '@erp/contracts';
import { PoisonRecord } from '@erp/event-stream';
import { NulCharacterRefused, refuseNulCharacters } from '@erp/platform';
import { AlarmSubmission, AlarmSubmissionSchema } from '../receive-alarm/alarm-submission.schema';

/**
 * A machine source's record value as the JSON alarm the HTTP API takes. Throws `PoisonRecord` naming
 * every problem by JSON pointer, the same pointers the HTTP API answers with.
 */
export function decodeAlarmSubmission(value: string): AlarmSubmission {
  let json: unknown;
  try {
    json = JSON.parse(value, refuseNulCharacters);
  } catch (e) {
    if (e instanceof NulCharacterRefused) throw new PoisonRecord(e.message);
    throw new PoisonRecord(`not JSON: ${(e as Error).message}`);
  }
  const parsed = AlarmSubmissionSchema.safeParse(json);
  if (!parsed.success) {
    const problems = fieldErrors(parsed.error).map((f) => `${f.pointer} ${f.message}`);
    throw new PoisonRecord(`invalid alarm: ${problems.join('; ')}`);
  }
  return parsed.data;
}
