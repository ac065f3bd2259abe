import { Chart, Testing } from 'cdk8s';
import { DockerRegistry, DockerRegistryProps, REGISTRY_IMAGE } from '../../src/constructs/docker-registry';
import { findObject } from '../helpers';

const MINIMAL: DockerRegistryProps = {
  namespace: 'docker-registry',
  host: 'registry.localtest.com',
  ingressClassName: 'nginx',
  nfs: { server: '192.168.111.177', exportPath: '/share_storage' },
  pullSecretName: 'regcred',
};

function synth(props: DockerRegistryProps) {
  const chart = new Chart(Testing.app(), 'test');
  const registry = new DockerRegistry(chart, 'Registry', props);
  return { registry, objects: Testing.synth(chart) };
}

describe('DockerRegistry', () => {
  test('minimal: seed 002 names, NFS storage, ingress with unlimited body size', () => {
    const { objects } = synth(MINIMAL);
    expect(objects).toMatchSnapshot();
    const deployment = findObject(objects, 'Deployment', 'docker-registry');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe(REGISTRY_IMAGE);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.readinessProbe.httpGet).toEqual({ path: '/v2/', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/v2/', port: 'http' });
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'docker-registry' });
    expect(deployment.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe('pvc-docker-registry');
    expect(findObject(objects, 'PersistentVolume', 'pv-docker-registry').spec.nfs.path).toBe('/share_storage/docker_registry');
    const service = findObject(objects, 'Service', 'svc-docker-registry');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 5000, protocol: 'TCP', targetPort: 'http' }]);
    const ingress = findObject(objects, 'Ingress', 'ingress-docker-registry');
    expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('0');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules[0].host).toBe('registry.localtest.com');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'svc-docker-registry', port: { number: 5000 } });
  });

  test('all props', () => {
    // Required<> makes a new prop fail compilation here until a test covers it.
    const all: Required<DockerRegistryProps> = { ...MINIMAL, image: 'mirror.local/library/registry:2.8.3', storageSize: '50Gi' };
    const { objects } = synth(all);
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'PersistentVolumeClaim', 'pvc-docker-registry').spec.resources.requests.storage).toBe('50Gi');
  });

  test('hands other layers the registry as an object', () => {
    const { registry } = synth(MINIMAL);
    expect(registry.registry.host).toBe('registry.localtest.com');
    expect(registry.registry.image('fxgateway', '0.1.0')).toBe('registry.localtest.com/fxgateway:0.1.0');
    expect(() => registry.registry.image('fxgateway', 'latest')).toThrow('needs a pinned tag');
  });
});
