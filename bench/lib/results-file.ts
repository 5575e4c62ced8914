import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, RESULTS_DIR } from './repo-paths';

/** Writes a run's figures as bench/results/<name>-<time>.json; answers the path from the repo root. */
export function writeResults(name: string, startedAt: Date, figures: object): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(figures, null, 2) + '\n');
  return path.relative(REPO_ROOT, file);
}
