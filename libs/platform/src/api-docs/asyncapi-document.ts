import { z } from 'zod';
import {
  AlarmSubmissionSchema,
  DeadLetterSchema,
  EnvelopeSchema,
  SensorReadingRecordSchema,
  EventPayloads,
  EventType,
  Topics,
} from '@erp/contracts';
import { jsonSchemaOf, JsonSchema } from './json-schema';

type Channel = keyof typeof Topics;

const CHANNELS: Record<Channel, { description: string; action: 'send' | 'receive' }> = {
  alarms: { description: '受理的告警 alarms accepted by intake', action: 'send' },
  incidents: {
    description:
      '事件与任务的一切变化 everything that happens to an incident and its tasks (in order per incident)',
    action: 'send',
  },
  commandStructure: {
    description: '指挥体系变化 units, rosters, rescue-team status, response-plan versions',
    action: 'send',
  },
  alarmSubmissions: {
    description: '机器报警源 alarms from machine sources: the JSON alarm of POST /api/v1/alarms, no envelope',
    action: 'receive',
  },
  sensorReadings: {
    description:
      '监测数据 readings of monitoring sensors at hazard points (rain, crack, water level), one JSON reading a record, no envelope',
    action: 'receive',
  },
  monitoring: {
    description:
      '监测预警 facts of monitoring and warning: a reading over its threshold (key: hazard point id); a warning and its tasks (key: warning id)',
    action: 'send',
  },
  deadLetter: { description: '死信 records no consumer could take, with the reason', action: 'send' },
};

const KAFKA_BINDING_VERSION = '0.5.0';

/**
 * The AsyncAPI 3 document of the Kafka topics, generated from the event contracts (`@erp/contracts`):
 * each event type is a message whose payload is the envelope with that type's payload schema.
 */
export function asyncApiDocument(info: { title: string; version: string }): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = {};
  const convert = (schema: z.ZodType, name: string) =>
    jsonSchemaOf(schema, {
      io: 'output',
      target: 'draft-7',
      refPrefix: '#/components/schemas/',
      definitions: schemas,
      namePrefix: name,
    });
  const messages: Record<string, Record<string, unknown>> = {};
  const byChannel = Object.fromEntries(Object.keys(CHANNELS).map((c) => [c, [] as string[]])) as Record<
    Channel,
    string[]
  >;
  const channelOf = (topic: string) => (Object.keys(Topics) as Channel[]).find((c) => Topics[c] === topic)!;
  const addMessage = (channel: Channel, name: string, summary: string, schema: z.ZodType, key: string) => {
    messages[name] = {
      name,
      title: name,
      summary,
      contentType: 'application/json',
      payload: convert(schema, name),
      bindings: {
        kafka: { key: { type: 'string', description: key }, bindingVersion: KAFKA_BINDING_VERSION },
      },
    };
    byChannel[channel].push(name);
  };

  for (const type of Object.keys(EventPayloads) as EventType[]) {
    const spec = EventPayloads[type];
    const envelope = EnvelopeSchema.extend({
      type: z.literal(type),
      version: z.literal(spec.version),
      payload: spec.schema,
    });
    const key =
      'key' in spec
        ? `the payload's ${spec.key}`
        : 'the incident id (the alarm or task id before one exists)';
    addMessage(channelOf(spec.topic), type, `${type} v${spec.version} in the event envelope`, envelope, key);
  }
  // Records without the envelope: what machine sources send, and what consumers could not take.
  addMessage(
    'alarmSubmissions',
    'AlarmSubmission',
    "a machine source's alarm, validated as POST /api/v1/alarms validates it",
    AlarmSubmissionSchema,
    "the sender's",
  );
  addMessage(
    'sensorReadings',
    'SensorReading',
    "a sensor's reading, validated as POST /api/v1/readings validates each one",
    SensorReadingRecordSchema,
    'the sensor id',
  );
  addMessage(
    'deadLetter',
    'DeadLetter',
    'a refused record and the reason',
    DeadLetterSchema,
    "the original record's key",
  );

  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const channel of Object.keys(CHANNELS) as Channel[]) {
    const { description, action } = CHANNELS[channel];
    channels[channel] = {
      address: Topics[channel],
      description: `${description}. With KAFKA_NAMESPACE set, the topic is \`<namespace>.${Topics[channel]}\`.`,
      messages: Object.fromEntries(
        byChannel[channel].map((m) => [m, { $ref: `#/components/messages/${m}` }]),
      ),
    };
    operations[`${action}${channel.charAt(0).toUpperCase()}${channel.slice(1)}`] = {
      action,
      channel: { $ref: `#/channels/${channel}` },
      messages: byChannel[channel].map((m) => ({ $ref: `#/channels/${channel}/messages/${m}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: `${info.title} · events`,
      version: info.version,
      description:
        'Kafka topics of the platform (services mode). Every event travels in one envelope (id, type, version, ' +
        'key, incident, both times, correlation, causation, actor); consumers validate it and its payload, and ' +
        'send what they cannot take to the dead-letter topic. Generated from `libs/contracts`.',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: '127.0.0.1:19092',
        protocol: 'kafka',
        description: 'KAFKA_BROKERS (the development broker of deploy/kafka shown)',
      },
    },
    channels,
    operations,
    components: { messages, ...(Object.keys(schemas).length ? { schemas } : {}) },
  };
}
