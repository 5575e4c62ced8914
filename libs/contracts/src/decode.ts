import { Envelope, EnvelopeSchema } from './envelope';
import { EventPayloads, EventType, EventPayload, isKnownEventType } from './events';
import { fieldErrors } from './validation';

export class UndecodableEvent extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

type DecodedEnvelope = Envelope<EventPayload<EventType>> & { type: EventType };

/**
 * Parses and validates raw bytes into an envelope whose payload matches its type's schema.
 * Throws UndecodableEvent with a reason fit for the dead-letter topic.
 * With `only`, a record of a known type outside it is answered null before any validation: a consumer
 * skips most of what flows past it (the incidents topic carries a dozen types), and validating a payload
 * costs far more than parsing it.
 */
export function decodeEnvelope(raw: Buffer | string): DecodedEnvelope;
export function decodeEnvelope(raw: Buffer | string, only: ReadonlySet<string>): DecodedEnvelope | null;
export function decodeEnvelope(raw: Buffer | string, only?: ReadonlySet<string>): DecodedEnvelope | null {
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (e) {
    throw new UndecodableEvent(`not JSON: ${(e as Error).message}`);
  }
  const declared = (json as { type?: unknown } | null)?.type;
  if (only && typeof declared === 'string' && isKnownEventType(declared) && !only.has(declared)) return null;
  const env = EnvelopeSchema.safeParse(json);
  if (!env.success) {
    throw new UndecodableEvent(`bad envelope: ${describe(fieldErrors(env.error))}`);
  }
  const { type, version } = env.data;
  if (!isKnownEventType(type)) throw new UndecodableEvent(`unknown event type ${type}`);
  const spec = EventPayloads[type];
  if (version !== spec.version) throw new UndecodableEvent(`unsupported version ${version} of ${type}`);
  const payload = spec.schema.safeParse(env.data.payload);
  if (!payload.success) {
    throw new UndecodableEvent(`bad ${type} payload: ${describe(fieldErrors(payload.error))}`);
  }
  return { ...env.data, type, payload: payload.data as EventPayload<EventType> };
}

function describe(errors: { pointer: string; message: string }[]): string {
  return errors.map((e) => `${e.pointer} ${e.message}`).join('; ');
}
