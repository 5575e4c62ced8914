import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results');

/** The built entry point of an app (`npm run build` writes it). */
export function builtAppMain(app: string): string {
  return path.join(REPO_ROOT, 'dist', 'apps', app, 'src', 'main.js');
}
