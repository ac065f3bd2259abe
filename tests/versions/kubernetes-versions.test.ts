import { KUBERNETES_MINORS, endOfLifeWarning, isInWindow, minorOf, normalizeKubernetesVersion } from '../../src/versions/kubernetes-releases';
import {
  COMPONENTS,
  checkCompatibility,
  ComponentCompatibility,
  DEFAULT_KUBERNETES_VERSION,
  defaultKubernetesVersion,
  NODE_REQUIREMENTS,
} from '../../src/versions/compatibility-matrix';
import { REMOVED_APIS, removedApi } from '../../src/versions/served-apis';
import { versionsReport } from '../../src/cli/versions';
import { checkCluster, formatFailure } from '../../src/checks';
import { main } from '../../src/cli/hanok';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, exampleDocument, problemsOf } from '../helpers';

describe('the Kubernetes version window', () => {
  test('runs from 1.31 (the first kubeadm with v1beta4) to 1.37, oldest first, with end-of-life dates', () => {
    expect(KUBERNETES_MINORS.map((entry) => entry.minor)).toEqual(['1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
    expect(KUBERNETES_MINORS.map((entry) => entry.endOfLife)).toEqual([...KUBERNETES_MINORS.map((entry) => entry.endOfLife)].sort());
  });

  test('accepts a v prefix, as kubeadm writes versions', () => {
    expect(normalizeKubernetesVersion('v1.36.1')).toBe('1.36.1');
    expect(isInWindow('v1.36.1')).toBe(true);
    expect(minorOf('v1.36.1')).toBe('1.36');
    const document = exampleDocument('lab');
    document.spec.kubernetesVersion = 'v1.35.4';
    expect(problemsOf(document)).toEqual([]);
    expect(clusterWith('lab', (d) => (d.spec.kubernetesVersion = 'v1.35.4')).spec.kubernetesVersion).toBe('1.35.4');
  });

  test('refuses versions before 1.31 and after 1.37, naming the window', () => {
    for (const version of ['1.30.14', '1.27.0', '1.38.0']) {
      const document = exampleDocument('lab');
      document.spec.kubernetesVersion = version;
      expect(problemsOf(document)).toEqual([expect.stringContaining('expected a version of Kubernetes 1.31 to 1.37')]);
    }
  });

  test('a minor past its end of life is a warning naming the date; a supported one is not', () => {
    expect(endOfLifeWarning('1.34.1', '2026-12-01')).toBe(
      'spec.kubernetesVersion: Kubernetes 1.34 reached its upstream end of life on 2026-10-27 and gets no more security fixes; upstream supports 1.35, 1.36, 1.37',
    );
    expect(endOfLifeWarning('1.35.4', '2026-12-01')).toBeUndefined();
    const output = synthesizeCluster(clusterWith('cluster1', (d) => (d.spec.kubernetesVersion = '1.33.0')), { today: '2026-12-01' });
    expect(output.check.warnings).toContain(
      'spec.kubernetesVersion: Kubernetes 1.33 reached its upstream end of life on 2026-06-28 and gets no more security fixes; upstream supports 1.35, 1.36, 1.37',
    );
  });
});

/** The matrix with MetalLB capped at 1.35, as v0.14 was (metallb#3034): a component outside a version's range. */
function withMetalLbCappedAt135(): ComponentCompatibility[] {
  return COMPONENTS.map((component) =>
    component.id === 'metallb' ? { ...component, kubernetes: { min: '1.21', max: '1.35' }, note: 'as v0.14 was: its BGPPeer CRD fails 1.36 (metallb#3034)' } : component,
  );
}

describe('the component compatibility matrix', () => {
  test('one entry per component, with a stable unique id', () => {
    const ids = COMPONENTS.map((component) => component.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([
      'flannel', 'metallb', 'traefik', 'gateway-api', 'ingress-nginx', 'metrics-server', 'vpa', 'prometheus', 'grafana', 'registry',
      'csi-driver-nfs', 'node-exporter', 'headlamp', 'openfx', 'openmcp', 'containerd-1', 'containerd-2',
    ]));
  });

  test('each entry was assessed for the version hanok pins: its version is the pinned image\'s tag', () => {
    for (const component of COMPONENTS.filter((entry) => entry.image !== undefined)) {
      expect({ id: component.id, tag: component.image!.split('@')[0].split(':').pop() }).toEqual({ id: component.id, tag: component.version });
    }
  });

  test('the default is the newest known patch of the newest minor every default component supports', () => {
    // No default component has an upper bound since MetalLB v0.16 (int64 ASNs), so the default is 1.36's newest known
    // patch (1.37 has none recorded yet); a component capped at 1.35, as MetalLB v0.14 was, brings it back to 1.35.
    expect(DEFAULT_KUBERNETES_VERSION).toBe('1.36.1');
    expect(defaultKubernetesVersion(withMetalLbCappedAt135())).toBe('1.35.4');
    const unlimited = COMPONENTS.map((component): ComponentCompatibility => ({ ...component, kubernetes: { min: component.kubernetes.min } }));
    const capped = unlimited.map((component) => (component.id === 'flannel' ? { ...component, kubernetes: { min: '1.21', max: '1.34' } } : component));
    expect(() => defaultKubernetesVersion(capped)).toThrow('no Kubernetes minor from 1.31 to 1.37 with a known patch release suits every default component');
  });

  test('node requirements agree with the containerd entries', () => {
    const containerd1 = COMPONENTS.find((component) => component.id === 'containerd-1')!;
    expect(Number(NODE_REQUIREMENTS.containerd2From.split('.')[1])).toBe(Number(containerd1.kubernetes.max!.split('.')[1]) + 1);
  });

  test('fails outside a component\'s range, naming component, version, range and remedies', () => {
    const findings = checkCompatibility('1.36.1', { metallb: { enabled: true }, flannel: { enabled: true } }, withMetalLbCappedAt135());
    expect(findings.errors).toEqual([
      expect.stringMatching(
        /^spec\.kubernetesVersion: MetalLB v0\.16\.1 does not support Kubernetes 1\.36 \(got 1\.36\.1, expected >=1\.21 <=1\.35: as v0\.14 was.*\); upgrade the MetalLB pin, override its image in spec\.images\.overrides with a release that supports 1\.36, or pick a Kubernetes version in 1\.31 to 1\.35$/,
      ),
    ]);
    expect(checkCompatibility('1.36.1', { metallb: { enabled: false }, flannel: { enabled: true } }, withMetalLbCappedAt135()).errors).toEqual([]);
    expect(checkCompatibility('1.36.1', { metallb: { enabled: true }, flannel: { enabled: true } }).errors).toEqual([]);
  });

  test('synth fails for a cluster whose component does not support its version', () => {
    expect(() => synthesizeCluster(clusterWith('lab', (d) => (d.spec.kubernetesVersion = '1.36.1')), { components: withMetalLbCappedAt135() })).toThrow(
      /clusters\/lab\.yaml: spec\.kubernetesVersion: MetalLB v0\.16\.1 does not support Kubernetes 1\.36/,
    );
  });

  test('upstream OpenMCP and OpenFx images warn, naming the removed APIs and the override remedy; an override silences it', () => {
    const warned = checkCompatibility('1.35.4', { openfx: { enabled: true, upstreamImages: ['registry.localtest.com/fxgateway:0.1.0'] } });
    expect(warned.errors).toEqual([]);
    expect(warned.warnings).toEqual([
      'OpenFx gateway: the upstream image registry.localtest.com/fxgateway:0.1.0 calls extensions/v1beta1 Deployment (removed in 1.16) and autoscaling/v2beta1 HorizontalPodAutoscaler (removed in 1.25), which Kubernetes 1.35 does not serve: the component cannot do its job; rebuild the image against current APIs and set it in spec.images.overrides',
    ]);
    const overridden = synthesizeCluster(
      clusterWith('lab', (d) => (d.spec.images = { overrides: [{ name: 'registry.localtest.com/fxgateway', newTag: '0.2.0-rebuilt' }] })),
    );
    expect(overridden.check.warnings.filter((warning) => warning.startsWith('OpenFx gateway'))).toEqual([]);
    const upstream = synthesizeCluster(clusterWith('openmcp', () => undefined));
    expect(upstream.check.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^OpenMCP controllers: the upstream images ketidevit2\/openmcp-.* call extensions\/v1beta1 Ingress \(removed in 1\.22\) and autoscaling\/v2beta2 HorizontalPodAutoscaler \(removed in 1\.26\).*spec\.images\.overrides$/)]));
  });
});

describe('version-matched checks of the output', () => {
  test.each(KUBERNETES_MINORS.map((entry) => entry.minor))('lab at Kubernetes %s passes every check', (minor) => {
    const version = `${minor}.0`;
    const output = synthesizeCluster(clusterWith('lab', (d) => (d.spec.kubernetesVersion = version)));
    expect(output.check.failures).toEqual([]);
    expect(output.files.get(`nodes/kubeadm/test-master.yaml`)).toContain(`kubernetesVersion: v${version}`);
  });

  test('an object of an API the version no longer serves fails, naming the version', () => {
    expect(removedApi('autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.36')).toMatchObject({ removedIn: '1.26' });
    expect(removedApi('autoscaling/v2', 'HorizontalPodAutoscaler', '1.36')).toBeUndefined();
    expect(removedApi('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.31')).toBeUndefined();
    expect(removedApi('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.32')).toMatchObject({ removedIn: '1.32' });
    expect(REMOVED_APIS.every((entry) => /^\d+\.\d+$/.test(entry.removedIn))).toBe(true);
    const hpa = {
      apiVersion: 'autoscaling/v2beta2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 2 },
    };
    const result = checkCluster({ cluster: 'lab', entries: [{ file: '09-apps.yaml', object: hpa as any }], suppliedSecrets: [], waivers: new Map(), kubernetesVersion: '1.36.1' });
    expect(result.failures.filter((failure) => failure.check === 'schema' && failure.field === 'apiVersion').map(formatFailure)).toEqual([
      expect.stringContaining('Kubernetes 1.36 (spec.kubernetesVersion 1.36.1) does not serve autoscaling/v2beta2 HorizontalPodAutoscaler, removed in 1.26 (expected autoscaling/v2)'),
    ]);
  });
});

describe('hanok versions', () => {
  test('prints the window, the default and one row per component with each minor', async () => {
    const printed: string[] = [];
    expect(await main(['versions'], (line) => printed.push(line))).toBe(0);
    expect(printed).toContain(`Default: ${DEFAULT_KUBERNETES_VERSION}`);
    const lines = versionsReport({ today: '2026-12-01' });
    expect(lines[0]).toMatch(/^Kubernetes versions: 1\.31 \(end of life 2025-10-28, past\), .* 1\.37 \(end of life 2027-10-28\)$/);
    expect(lines).toContain(`Default: ${DEFAULT_KUBERNETES_VERSION}`);
    expect(lines.find((line) => line.startsWith('containerd-1 '))).toMatch(/^containerd-1\s+1\.7\s+>=1\.21 <=1\.35\s+yes\s+yes\s+yes\s+yes\s+yes\s+no\s+no$/);
    expect(lines.find((line) => line.startsWith('openmcp '))).toMatch(/warn$/);
  });

  test('--markdown prints the README table', () => {
    const table = versionsReport({ markdown: true });
    expect(table[0]).toBe('| component | version | Kubernetes | 1.31 | 1.32 | 1.33 | 1.34 | 1.35 | 1.36 | 1.37 |');
    expect(table).toHaveLength(COMPONENTS.length + 2);
  });

  test('fails on an unknown argument, with the exit code of a usage error', async () => {
    const errors: string[] = [];
    expect(await main(['versions', '--bogus'], () => undefined, (line) => errors.push(line))).toBe(2);
    expect(errors.join('\n')).toContain('--bogus');
  });
});

describe('README', () => {
  test('shows the compatibility matrix as hanok versions --markdown prints it', () => {
    const readme = require('fs').readFileSync(require('path').join(__dirname, '../../README.md'), 'utf8') as string;
    expect(readme).toContain(versionsReport({ markdown: true }).join('\n'));
  });
});
