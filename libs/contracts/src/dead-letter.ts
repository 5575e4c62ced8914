import { z } from 'zod';

/** A record no consumer could take, and why, as it lands on the dead-letter topic (key: the original key). */
export const DeadLetterSchema = z.object({
  reason: z.string(),
  /** The consumer group that refused it. */
  group: z.string(),
  originalTopic: z.string(),
  originalKey: z.string(),
  /** The record's value as it arrived, unparsed. */
  originalValue: z.string(),
  failedAt: z.iso.datetime({ offset: true }),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
