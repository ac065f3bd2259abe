import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { KubeObject } from '../../src/kube/objects';
import { FleetConfig, FleetConfigSchema, loadFleet } from '../../src/config/fleet';
import { ConfigError } from '../../src/config/problems';
import { clusterGitopsFiles, clusterStages, fleetFiles, kustomizationName, WAVE_ANNOTATION } from '../../src/gitops';
import { fleetLayers } from '../../src/gitops';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { EXAMPLE_CLUSTER_NAMES, EXAMPLE_CLUSTERS_DIR, exampleCluster, exampleClusters } from '../helpers';

const fleet: FleetConfig = loadFleet(EXAMPLE_CLUSTERS_DIR, EXAMPLE_CLUSTER_NAMES)!;
const outputs = EXAMPLE_CLUSTER_NAMES.map((name) => synthesizeCluster(exampleCluster(name), { allClusters: exampleClusters() }));
const gitops = new Map(outputs.map((output) => [output.cluster.name, clusterGitopsFiles(fleet, output)]));
const applicationSet = yaml.load(fleetFiles(fleet, outputs, EXAMPLE_CLUSTERS_DIR).get('argocd/applicationset.yaml')!) as any;

function documents(text: string): any[] {
  return yaml.loadAll(text).filter(Boolean) as any[];
}

/** The wave Argo CD sees on an object: the ApplicationSet's kustomize patches applied in order, as kustomize does. */
function argoWave(object: KubeObject): number | undefined {
  let wave: string | undefined = object.metadata.annotations?.[WAVE_ANNOTATION];
  for (const { target, patch } of applicationSet.spec.template.spec.sources[0].kustomize.patches) {
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
    const [label, value] = (target.labelSelector ?? '=').split('=');
    const matches = (!target.kind || target.kind === object.kind) && (target.group === undefined || target.group === group) && (!target.labelSelector || object.metadata.labels?.[label] === value);
    if (matches) wave = (yaml.load(patch) as any).metadata.annotations[WAVE_ANNOTATION];
  }
  return wave === undefined ? undefined : Number(wave);
}

describe('fleet file', () => {
  test('fails with every problem, naming the field', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-fleet-'));
    try {
      fs.writeFileSync(path.join(folder, 'fleet.yaml'), yaml.dump({ apiVersion: 'hanok.dev/v1alpha1', kind: 'Fleet', metadata: { name: 'x' }, spec: { repository: { url: 'git.example.org/x' }, flux: { interval: 'often' } } }));
      expect(() => loadFleet(folder, ['fleet'])).toThrow(ConfigError);
      let message = '';
      try {
        loadFleet(folder, ['fleet']);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('spec.repository.url');
      expect(message).toContain('spec.flux.interval');
      expect(message).toContain("a cluster named 'fleet' would share its output folder");
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('fills documented defaults', () => {
    const parsed = FleetConfigSchema.parse({ apiVersion: 'hanok.dev/v1alpha1', kind: 'Fleet', metadata: { name: 'x' }, spec: { repository: { url: 'https://g/x.git' } } });
    expect(parsed.spec).toEqual({
      repository: { url: 'https://g/x.git', branch: 'main', path: 'dist' },
      argocd: { enabled: true, namespace: 'argocd', project: 'default' },
      flux: { enabled: true, namespace: 'flux-system', interval: '10m', timeout: '10m' },
    });
  });
});

describe('Argo CD ApplicationSet', () => {
  test('has one Application per cluster reading dist/<cluster>, its ExternalSecrets as a second source', () => {
    expect(applicationSet.spec.generators[0].list.elements).toEqual(EXAMPLE_CLUSTER_NAMES.map((cluster) => ({ cluster })));
    expect(applicationSet.spec.template.spec.sources.map((source: any) => source.path)).toEqual(['dist/{{.cluster}}', 'dist/{{.cluster}}/gitops/external-secrets']);
    expect(applicationSet.spec.template.spec.destination).toEqual({ name: '{{.cluster}}' });
  });

  test.each(EXAMPLE_CLUSTER_NAMES)('waves of %s follow chart order: namespaces and CRDs first, custom resources after their controllers', (name) => {
    const output = outputs.find((candidate) => candidate.cluster.name === name)!;
    const secrets = [...gitops.get(name)!].filter(([file]) => file.startsWith('gitops/external-secrets/0')).flatMap(([, text]) => documents(text));
    const waveOf = (object: KubeObject) => {
      const wave = object.kind === 'ExternalSecret' ? Number(object.metadata.annotations![WAVE_ANNOTATION]) : argoWave(object);
      if (wave === undefined) throw new Error(`no wave on ${object.kind} ${object.metadata.name}`);
      return wave;
    };
    const stages = clusterStages(output.manifests);
    let previous = 0;
    for (const stage of stages) {
      const waves = stage.objects.filter((object) => !['Namespace', 'CustomResourceDefinition'].includes(object.kind)).map(waveOf);
      // Every stage is one wave, later than the stage before it.
      expect(new Set(waves).size).toBeLessThanOrEqual(1);
      if (waves.length) {
        expect(waves[0]).toBeGreaterThan(previous);
        previous = waves[0];
      }
    }
    for (const object of [...output.manifests.flatMap((manifest) => manifest.objects), ...secrets]) {
      if (object.metadata.namespace && output.manifests.some((manifest) => manifest.objects.some((candidate) => candidate.kind === 'Namespace' && candidate.metadata.name === object.metadata.namespace))) {
        expect(waveOf(object)).toBeGreaterThanOrEqual(0);
      }
      if (['Namespace', 'CustomResourceDefinition', 'ExternalSecret'].includes(object.kind)) expect(waveOf(object)).toBe(0);
      else expect(waveOf(object)).toBeGreaterThan(0);
    }
  });
});

describe('Flux', () => {
  test.each(EXAMPLE_CLUSTER_NAMES)('the Kustomizations of %s depend on each other in chart order, custom resources after their layer', (name) => {
    const output = outputs.find((candidate) => candidate.cluster.name === name)!;
    const sync = documents(gitops.get(name)!.get('gitops/flux/sync.yaml')!);
    const kustomizations = sync.filter((object) => object.kind === 'Kustomization');
    const stages = clusterStages(output.manifests);
    expect(kustomizations.map((object) => object.metadata.name)).toEqual(stages.map((stage) => kustomizationName(name, stage)));
    kustomizations.forEach((object, index) => {
      expect(object.spec.dependsOn).toEqual(index === 0 ? undefined : [{ name: kustomizations[index - 1].metadata.name }]);
      expect(object.spec.path).toBe(`./dist/${name}/gitops/flux/${stages[index].name}`);
      expect(object.spec.prune).toBe(true);
    });
    // Chart order: the layers appear as in the numbered files.
    const layersInOrder = stages.map((stage) => stage.layer.name).filter((layer, index, all) => all.indexOf(layer) === index);
    expect(layersInOrder).toEqual(output.manifests.map((manifest) => manifest.name));
    if (name === 'lab') {
      expect(kustomizations.map((object) => object.metadata.name)).toEqual([
        'lab-01-networking',
        'lab-01-networking-resources',
        'lab-02-storage',
        'lab-03-ingress',
        // The Gateway and the routes wait for the Gateway API CRDs the ingress layer installs.
        'lab-03-ingress-resources',
        'lab-04-registry',
        'lab-04-registry-resources',
        'lab-05-metrics',
        'lab-06-openfx',
      ]);
      expect(kustomizations[0].spec.healthChecks).toContainEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'controller', namespace: 'metallb-system' });
    }
  });

  test('the fleet orders layers consistently with every cluster', () => {
    expect(fleetLayers(outputs).map((layer) => `${layer.chart}${layer.customGroups.length ? `+${layer.customGroups.join(',')}` : ''}`)).toEqual([
      'networking+metallb.io',
      'storage',
      'ingress+gateway.networking.k8s.io',
      'registry+gateway.networking.k8s.io',
      'metrics',
      'openmcp+openmcp.k8s.io',
      'openfx',
    ]);
  });
});

describe('Secrets through External Secrets Operator', () => {
  test('every supplied Secret has an ExternalSecret that holds only references', () => {
    for (const output of outputs) {
      const files = [...gitops.get(output.cluster.name)!].filter(([file]) => file.startsWith('gitops/external-secrets/0'));
      const objects = files.flatMap(([, text]) => documents(text));
      expect(objects.map((object) => `${object.metadata.namespace}/${object.spec.target.name}`).sort()).toEqual(output.suppliedSecrets.map((secret) => `${secret.namespace}/${secret.name}`).sort());
      for (const object of objects) {
        expect(Object.keys(object.spec).sort()).toEqual(['data', 'refreshInterval', 'secretStoreRef', 'target']);
        expect(object.spec.target.template).toEqual({ type: output.suppliedSecrets.find((secret) => secret.name === object.metadata.name && secret.namespace === object.metadata.namespace)!.type });
        for (const entry of object.spec.data) {
          expect(Object.keys(entry).sort()).toEqual(['remoteRef', 'secretKey']);
          expect(entry.remoteRef).toEqual({ key: `hanok/${output.cluster.name}/${object.metadata.namespace}/${object.metadata.name}`, property: entry.secretKey });
        }
      }
    }
  });

  test('no generated file holds a Secret value', () => {
    for (const [name, files] of gitops) {
      for (const [file, text] of [...files, ...outputs.find((output) => output.cluster.name === name)!.files]) {
        if (!/\.ya?ml$/.test(file)) continue;
        for (const object of documents(text).filter((candidate) => candidate.kind === 'Secret')) {
          expect([file, object.data, object.stringData]).toEqual([file, undefined, undefined]);
        }
      }
    }
  });

  test('fails the link check when a Secret has no ExternalSecret', () => {
    const lab = outputs.find((output) => output.cluster.name === 'lab')!;
    expect(() => clusterGitopsFiles(fleet, { ...lab, suppliedSecrets: lab.suppliedSecrets.filter((secret) => secret.name !== 'grafana-admin') })).toThrow(
      /lab: 2 GitOps check failures:\n {2}lab: 05-metrics\.yaml: Deployment monitoring\/grafana: .*Secret 'grafana-admin' is neither created in namespace 'monitoring' nor declared as supplied at apply time \[links\]/,
    );
  });
});

describe('upstream schemas', () => {
  // The @kubernetes-models packages carry schemas generated from each project's own CRDs: a second opinion on the
  // minimal CRDs of crds/gitops/, which the output checks use.
  const validate = (objects: unknown[]) =>
    execFileSync(process.execPath, [path.join(__dirname, 'upstream-schemas.mjs')], { input: JSON.stringify(objects), encoding: 'utf8', cwd: path.resolve(__dirname, '../..') })
      .split('\n')
      .filter(Boolean);

  test('every generated GitOps object is valid for Argo CD, Flux and External Secrets Operator', () => {
    const objects = [
      applicationSet,
      ...[...gitops.values()].flatMap((files) => [...files].filter(([file]) => /^gitops\/(flux\/sync|external-secrets\/0.*)\.yaml$/.test(file)).flatMap(([, text]) => documents(text))),
    ];
    expect(new Set(objects.map((object) => object.kind))).toEqual(new Set(['ApplicationSet', 'GitRepository', 'Kustomization', 'ExternalSecret']));
    expect(validate(objects)).toEqual([]);
  });

  test('fails on an object upstream would refuse', () => {
    const kustomization = documents(gitops.get('lab')!.get('gitops/flux/sync.yaml')!).find((object) => object.kind === 'Kustomization');
    expect(validate([{ ...kustomization, spec: { ...kustomization.spec, prune: 'yes' } }])).toEqual(['Kustomization lab-01-networking: data/spec/prune must be boolean']);
  });
});

// kustomize, as Flux and Argo CD run it: kubectl's built-in kustomize. No Debian package ships a current kubectl, so
// this part runs where kubectl is installed and says so where it is not.
const kubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((candidate) => fs.existsSync(candidate));
if (!kubectl) console.warn('skipping the kustomize builds of the GitOps folders: kubectl is not installed');
(kubectl ? describe : describe.skip)('built with kustomize', () => {
  const root = path.resolve(__dirname, '../../dist');
  const build = (folder: string, ...flags: string[]) => documents(execFileSync(kubectl!, ['kustomize', ...flags, folder], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  const identity = (object: any) => `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;

  test.each(EXAMPLE_CLUSTER_NAMES)('the Flux stages of %s split the layers exactly, with their ExternalSecrets', (name) => {
    const output = outputs.find((candidate) => candidate.cluster.name === name)!;
    const stages = clusterStages(output.manifests);
    const built = stages.map((stage) => build(path.join(root, name, 'gitops/flux', stage.name), '--load-restrictor', 'LoadRestrictionsNone').map(identity));
    const expected = stages.map((stage) => stage.objects.map(identity));
    stages.forEach((stage, index) => {
      const secrets = stage.customResources ? [] : built[index].filter((id) => id.startsWith('ExternalSecret/'));
      expect(built[index].filter((id) => !id.startsWith('ExternalSecret/')).sort()).toEqual(expected[index].sort());
      secrets.forEach((id) => expect(output.suppliedSecrets.map((secret) => `ExternalSecret/${secret.namespace}/${secret.name}`)).toContain(id));
    });
    expect(built.flat().filter((id) => id.startsWith('ExternalSecret/')).length).toBe(output.suppliedSecrets.length);
  });

  test('the Argo CD patches give every object the wave the ordering test computes', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-argo-'));
    try {
      const patches = applicationSet.spec.template.spec.sources[0].kustomize.patches;
      fs.writeFileSync(path.join(folder, 'kustomization.yaml'), yaml.dump({ resources: [path.relative(folder, path.join(root, 'lab'))], patches }));
      const objects = build(folder);
      expect(objects.length).toBe(outputs.find((output) => output.cluster.name === 'lab')!.manifests.flatMap((manifest) => manifest.objects).length);
      for (const object of objects) {
        expect([identity(object), Number(object.metadata.annotations?.[WAVE_ANNOTATION])]).toEqual([identity(object), argoWave({ ...object, metadata: { ...object.metadata, annotations: {} } })]);
      }
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
