import { randomBytes } from 'node:crypto';
import { dropRunNamespace } from '../../test/support/services';
import { progress } from './terminal';

/**
 * One bench run: its id, and the KAFKA_NAMESPACE its apps and clients use, so the test suite or another
 * run on the same broker does not mix in (they still share the machine's CPUs).
 */
export class BenchRun {
  readonly id = randomBytes(3).toString('hex');
  readonly namespace: string;

  constructor(bench: 'intake' | 'dispatch' | 'observability') {
    this.namespace = `bench-${bench}-${this.id}`;
  }

  /** A topic's or group's name on the broker. */
  onBroker(name: string): string {
    return `${this.namespace}.${name}`;
  }

  /** Deletes the run's topics, groups and timer queue: the broker and Redis are left as they were. */
  async dropNamespace(): Promise<void> {
    await dropRunNamespace(this.namespace).catch((error) =>
      progress(`deleting ${this.namespace}.*: ${(error as Error).message}`),
    );
  }
}
