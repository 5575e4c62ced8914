/**
 * deploy/k8s is checked offline: each overlay rendered by `kustomize build`, every object validated
 * against the Kubernetes schemas (kubernetes-models) with unknown fields refused, then held to what the
 * apps need: one Deployment per services-mode app, probes on the apps' health routes, a grace period longer
 * than their stop deadline, measured requests, and configuration the config loader accepts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from '@erp/config';
import { STOP_DEADLINE_MS } from '../../libs/platform/src/service-runner';
import { servicesModeApps } from '../support/nest-apps';
import { Manifest, render, schemaProblems, unknownFields } from './k8s-manifests';

const K8S = join(__dirname, '..', '..', 'deploy', 'k8s');
const TARGETS = ['base', 'overlays/district', 'overlays/city'];

const byKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const podSpec = (m: Manifest) => m.spec.template.spec;
const appContainer = (m: Manifest) => podSpec(m).containers.find((c: any) => c.name === 'app');

describe.each(TARGETS)('deploy/k8s/%s', (target) => {
  const manifests = render(join(K8S, target));

  it('is valid against the Kubernetes schemas, with no field the API does not know', () => {
    expect(manifests.length).toBeGreaterThan(10);
    expect(manifests.flatMap(schemaProblems)).toEqual([]);
    expect(unknownFields(manifests)).toEqual([]);
  });

  it('runs every services-mode app, each as itself, from one image', () => {
    const deployments = byKind(manifests, 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(servicesModeApps());
    for (const d of deployments) {
      const app = appContainer(d);
      expect(app.env).toContainEqual({ name: 'APP', value: d.metadata.name });
      expect(app.image).toMatch(/^erp\/app:\S+$/);
      expect(podSpec(d).initContainers[0].image).toBe(app.image);
    }
  });

  it('probes the health routes, and gives each app longer to stop than its own stop deadline', () => {
    for (const d of byKind(manifests, 'Deployment')) {
      const app = appContainer(d);
      expect(app.livenessProbe.httpGet.path).toBe('/health/live');
      expect(app.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(app.startupProbe.httpGet.path).toBe('/health/live');
      const preStop = Number(app.lifecycle.preStop.exec.command[1]);
      expect(podSpec(d).terminationGracePeriodSeconds * 1000).toBeGreaterThan(
        STOP_DEADLINE_MS + preStop * 1000,
      );
      expect(app.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(app.resources.limits.memory).toEqual(expect.any(String));
    }
  });

  it('sets only variables the config loader knows, to values it accepts', () => {
    const [config] = byKind(manifests, 'ConfigMap');
    const data = config.data as Record<string, string>;
    expect(Object.keys(data).filter((k) => !CONFIG_VARIABLES.includes(k))).toEqual([]);
    const secrets = {
      DATABASE_URL: 'postgres://erp_app:x@postgres:5432/erp',
      JWT_SECRET: 'a-secret-of-at-least-16-chars',
    };
    expect(() => loadConfig({ ...data, ...secrets })).not.toThrow();
    // The apps get their connection and secret from erp-secrets; the owner's only reaches the migration job.
    for (const d of byKind(manifests, 'Deployment')) {
      const refs = appContainer(d).envFrom.map((e: any) => e.configMapRef?.name ?? e.secretRef?.name);
      expect(refs).toEqual([config.metadata.name, 'erp-secrets']);
    }
    const [job] = byKind(manifests, 'Job');
    expect(job.spec.template.spec.containers[0].envFrom[1].secretRef.name).toBe('erp-migrations');
  });

  it('runs the migration job and the wait from files the build has', () => {
    const scripts = [
      ...byKind(manifests, 'Job').map((j) => j.spec.template.spec.containers[0].command[1]),
      ...byKind(manifests, 'Deployment').map((d) => podSpec(d).initContainers[0].command[1]),
    ];
    for (const script of new Set(scripts)) {
      const source = script.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(existsSync(join(__dirname, '..', '..', source))).toBe(true);
    }
  });

  it('selects real pods with every Service and disruption budget', () => {
    const labelsOf = byKind(manifests, 'Deployment').map((d) => d.spec.template.metadata.labels);
    const selects = (selector: Record<string, string>) =>
      labelsOf.some((labels) => Object.entries(selector).every(([k, v]) => labels[k] === v));
    for (const s of byKind(manifests, 'Service').filter((s) => s.spec.type !== 'ExternalName'))
      expect([s.metadata.name, selects(s.spec.selector)]).toEqual([s.metadata.name, true]);
    for (const p of byKind(manifests, 'PodDisruptionBudget'))
      expect([p.metadata.name, selects(p.spec.selector.matchLabels)]).toEqual([p.metadata.name, true]);
  });
});

describe('the manifest checks themselves', () => {
  const [deployment] = byKind(render(join(K8S, 'base')), 'Deployment');

  it('name a misspelt field', () => {
    const typo = structuredClone(deployment);
    const app = appContainer(typo);
    app.readinesProbe = app.readinessProbe;
    expect(unknownFields([typo]).join('\n')).toMatch(/readinesProbe/);
  });

  it('name a value of the wrong type', () => {
    const wrong = structuredClone(deployment);
    wrong.spec.replicas = 'three';
    expect(schemaProblems(wrong).join('\n')).toMatch(/replicas must be integer/);
  });
});
