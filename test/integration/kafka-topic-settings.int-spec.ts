import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { KafkaEventStream } from '@erp/event-stream';
import { dropRunNamespace, SERVICES, uniqueSuffix } from '../support/services';

/**
 * The topics a deployment's apps create carry its settings (KAFKA_PARTITIONS, KAFKA_RETENTION_HOURS…):
 * partitions are the ceiling on a consumer group's parallelism, so they must be what the operator chose.
 */
describe('Kafka topics are created with the configured settings (real broker)', () => {
  const namespace = `topics-${uniqueSuffix()}`;
  const admin = new Kafka({
    clientId: namespace,
    brokers: SERVICES.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  const warnings: string[] = [];

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.disconnect();
    await dropRunNamespace(namespace);
  });

  const start = async (partitions: number) => {
    const stream = new KafkaEventStream({
      brokers: SERVICES.kafkaBrokers,
      clientId: namespace,
      topics: ['settings.a'],
      namespace,
      topicSettings: { partitions, replicationFactor: 1, retentionHours: 2 },
      log: (_level, message) => warnings.push(message),
    });
    await stream.start();
    await stream.stop();
  };

  it('creates a missing topic with its partitions, retention and min.insync.replicas', async () => {
    await start(5);
    const topic = `${namespace}.settings.a`;
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
    expect(metadata.partitions).toHaveLength(5);
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configNames: ['retention.ms', 'min.insync.replicas'],
        },
      ],
    });
    const entries = Object.fromEntries(resources[0].configEntries.map((e) => [e.configName, e.configValue]));
    expect(entries).toEqual({ 'retention.ms': String(2 * 3_600_000), 'min.insync.replicas': '1' });
  });

  it('leaves an existing topic as it is, and says when it has fewer partitions than configured', async () => {
    await start(8);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [`${namespace}.settings.a`] })).topics;
    expect(metadata.partitions).toHaveLength(5);
    expect(warnings.join('\n')).toMatch(/has 5 partitions, fewer than KAFKA_PARTITIONS=8/);
  });
});
