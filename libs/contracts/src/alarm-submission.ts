import { z } from 'zod';

const count = z.number().int('must be a whole number').nonnegative('must be ≥ 0');

/** The JSON alarm as a source sends it. Either a township code or a location places it (属地). */
export const AlarmSubmissionSchema = z
  .object({
    source: z.string().min(1).max(100),
    externalId: z.string().min(1).max(200),
    type: z
      .string()
      .max(64)
      .regex(/^[a-z][a-z_]*$/, 'must be a snake_case incident type such as fire or landslide'),
    occurredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' }),
    townshipCode: z
      .string()
      .regex(/^\d{9}$/, 'must be a 9-digit township code')
      .optional(),
    location: z
      .object({
        lat: z.number().min(-90, 'latitude must be ≥ -90').max(90, 'latitude must be ≤ 90'),
        lon: z.number().min(-180, 'longitude must be ≥ -180').max(180, 'longitude must be ≤ 180'),
      })
      .strict()
      .optional(),
    description: z.string().min(1).max(4000),
    category: z
      .enum(['natural_disaster', 'accident_disaster', 'public_health', 'social_security'])
      .optional(),
    casualties: z
      .object({ deaths: count, missing: count, seriousInjuries: count, trapped: count })
      .partial()
      .strict()
      .optional(),
    economicLossCny: z.number().finite().nonnegative().optional(),
    affectedAreaHa: z.number().finite().nonnegative().optional(),
    personsThreatened: count.optional(),
    hazardPointId: z.string().min(1).max(100).optional(),
    reporter: z
      .object({
        name: z.string().min(1).max(100),
        phone: z.string().regex(/^\+?[0-9][0-9 -]{2,19}$/, 'must be a phone number'),
        role: z.string().min(1).max(50),
      })
      .partial()
      .strict()
      .optional(),
    exercise: z.boolean().optional(),
    /** Drill time for an exercise: 0.01 turns a 15-minute deadline into 9 seconds. */
    timeScale: z.number().min(0.001).max(1000).optional(),
  })
  .refine((a) => a.townshipCode !== undefined || a.location !== undefined, {
    path: ['townshipCode'],
    message: 'townshipCode or location is required',
    // Run even when other fields failed, so one answer names every missing field.
    when: (payload) =>
      typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
  });

export type AlarmSubmission = z.infer<typeof AlarmSubmissionSchema>;
