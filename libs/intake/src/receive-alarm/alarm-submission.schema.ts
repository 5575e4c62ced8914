import { z } from 'zod';

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
  })
  .refine((a) => a.townshipCode !== undefined || a.location !== undefined, {
    path: ['townshipCode'],
    message: 'townshipCode or location is required',
    // Run even when other fields failed, so one answer names every missing field.
    when: (payload) =>
      typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
  });

export type AlarmSubmission = z.infer<typeof AlarmSubmissionSchema>;
