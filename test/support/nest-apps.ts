import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs everything in one process; it has no service of its own in services mode. */
const NOT_A_SERVICE = ['single-node'];

/** The applications of nest-cli.json that run as services of their own (compose, Kubernetes). */
export function servicesModeApps(): string[] {
  const file = join(__dirname, '..', '..', 'nest-cli.json');
  const projects: Record<string, { type?: string }> = JSON.parse(readFileSync(file, 'utf8')).projects ?? {};
  return Object.entries(projects)
    .filter(([name, project]) => project.type === 'application' && !NOT_A_SERVICE.includes(name))
    .map(([name]) => name)
    .sort();
}
