import { IngressFrontend } from '../../src/constructs/ingress-frontend';
import { Chart, Testing } from 'cdk8s';
import { DockerRegistry, DockerRegistryProps } from '../../src/constructs/docker-registry';
import { REGISTRY_IMAGE } from '../../src/versions/images';
import { SuppliedSecret } from '../../src/constructs/supplied-secret';
import { findObject } from '../helpers';

const MINIMAL: DockerRegistryProps = {
  namespace: 'docker-registry',
  host: 'registry.localtest.com',
  frontend: new IngressFrontend({ className: 'nginx' }),
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
    expect(container.readinessProbe.httpGet).toEqual({ path: '/v2/', port: 'http', scheme: 'HTTP' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/v2/', port: 'http', scheme: 'HTTP' });
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
    const all: Required<DockerRegistryProps> = { ...MINIMAL, image: 'mirror.local/library/registry:3.1.1', storageSize: '50Gi', tlsSecretName: 'registry-tls' };
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

  test('with TLS behind a Gateway: serves its own certificate, TLSRoute passthrough, Secret supplied at apply time', () => {
    const chart = new Chart(Testing.app(), 'test');
    const frontend = new IngressFrontend({
      className: 'traefik',
      httpListener: { gatewayName: 'cluster-gateway', gatewayNamespace: 'traefik', sectionName: 'http' },
      tlsPassthroughListener: { gatewayName: 'cluster-gateway', gatewayNamespace: 'traefik', sectionName: 'tls-passthrough' },
    });
    const registry = new DockerRegistry(chart, 'Registry', { ...MINIMAL, frontend, tlsSecretName: 'registry-tls' });
    const objects = Testing.synth(chart);
    const container = findObject(objects, 'Deployment', 'docker-registry').spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: 'REGISTRY_HTTP_ADDR', value: ':5000' },
      { name: 'REGISTRY_HTTP_TLS_CERTIFICATE', value: '/etc/distribution/tls/tls.crt' },
      { name: 'REGISTRY_HTTP_TLS_KEY', value: '/etc/distribution/tls/tls.key' },
    ]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/v2/', port: 'https', scheme: 'HTTPS' });
    const route = findObject(objects, 'TLSRoute', 'ingress-docker-registry');
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'cluster-gateway', namespace: 'traefik', sectionName: 'tls-passthrough' }],
      hostnames: ['registry.localtest.com'],
      rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'svc-docker-registry', port: 5000 }] }],
    });
    const secret = registry.node.findAll().find((child) => child instanceof SuppliedSecret) as SuppliedSecret;
    expect({ name: secret.secretName, namespace: secret.namespace, type: secret.type, keys: Object.keys(secret.keys) }).toEqual({
      name: 'registry-tls', namespace: 'docker-registry', type: 'kubernetes.io/tls', keys: ['tls.crt', 'tls.key'],
    });
  });

  test('with TLS behind ingress-nginx: the Ingress terminates with the same certificate, HTTPS backend, no body limit', () => {
    const { objects } = synth({ ...MINIMAL, tlsSecretName: 'registry-tls' });
    const ingress = findObject(objects, 'Ingress', 'ingress-docker-registry');
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS', 'nginx.ingress.kubernetes.io/proxy-body-size': '0' });
    expect(ingress.spec.tls).toEqual([{ hosts: ['registry.localtest.com'], secretName: 'registry-tls' }]);
  });
});
