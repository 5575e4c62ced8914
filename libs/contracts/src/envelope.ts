import { z } from 'zod';

/** Who caused an event: an alarm source, a signed-in user, or the system itself. */
export const ActorSchema = z.object({
  kind: z.enum(['source', 'user', 'system']),
  id: z.string().min(1),
  name: z.string().optional(),
  unitId: z.string().optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

/**
 * The one envelope every event travels in, on Kafka and in-process alike.
 * `key` is the partition key: the incident id once there is an incident, the alarm id before.
 */
export const EnvelopeSchema = z.object({
  eventId: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  key: z.string().min(1),
  incidentId: z.uuid().nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
  recordedAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1),
  causationId: z.string().nullable(),
  actor: ActorSchema,
  payload: z.record(z.string(), z.unknown()),
});
export type Envelope<P = Record<string, unknown>> = Omit<z.infer<typeof EnvelopeSchema>, 'payload'> & {
  payload: P;
};

export const SYSTEM_ACTOR = (service: string): Actor => ({ kind: 'system', id: service });
