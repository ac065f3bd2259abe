import { clusterWith, exampleCluster, exampleDocument, problemsOf } from '../helpers';

describe('ingress configuration', () => {
  test('defaults: enabled, Traefik on the seed\'s NodePorts; class and image follow the controller', () => {
    const ingress = exampleCluster('openmcp').spec.ingress;
    expect(ingress).toEqual({
      enabled: true,
      controller: 'traefik',
      className: 'traefik',
      serviceType: 'NodePort',
      httpNodePort: 32334,
      httpsNodePort: 30570,
      loadBalancer: { enabled: true, hostname: 'haproxy', apiServers: [] },
    });
  });

  test('the resolved cluster decides the IngressClass and the HAProxy front end', () => {
    const nginx = clusterWith('lab', (document) => (document.spec.ingress.controller = 'ingress-nginx')).spec.ingress;
    expect(nginx.className).toBe('nginx');
    const balanced = clusterWith('lab', (document) => (document.spec.ingress.serviceType = 'LoadBalancer')).spec.ingress;
    expect(balanced.loadBalancer.enabled).toBe(false);
    const off = clusterWith('lab', (document) => (document.spec.ingress.enabled = false)).spec.ingress;
    expect(off.loadBalancer.enabled).toBe(false);
    expect(off.className).toBe('traefik');
  });

  test('ingress-nginx stays selectable to adopt an existing install', () => {
    const document = exampleDocument('lab');
    document.spec.ingress.controller = 'ingress-nginx';
    expect(problemsOf(document)).toEqual([]);
  });

  test('the lab example validates', () => {
    expect(problemsOf(exampleDocument('lab'))).toEqual([]);
  });

  test('LoadBalancer with the HAProxy front end switched off validates', () => {
    const document = exampleDocument('lab');
    document.spec.ingress.serviceType = 'LoadBalancer';
    document.spec.ingress.loadBalancer = { enabled: false };
    expect(problemsOf(document)).toEqual([]);
  });
});

/** Each case mutates the lab example and names the field path (and text) the message must contain. */
const BAD_INGRESS: Array<[string, (document: any) => void, string]> = [
  ['HTTPS NodePort clashing with the HTTP NodePort', (d) => (d.spec.ingress.httpsNodePort = d.spec.ingress.httpNodePort), 'spec.ingress.httpsNodePort: NodePort already used by spec.ingress.httpNodePort (got 32334, expected a NodePort unique in the cluster)'],
  ['NodePort below the NodePort range', (d) => (d.spec.ingress.httpNodePort = 80), 'spec.ingress.httpNodePort: outside the NodePort range (got 80, expected an integer from 30000 to 32767)'],
  ['NodePort above the NodePort range', (d) => (d.spec.ingress.httpsNodePort = 32768), 'spec.ingress.httpsNodePort: outside the NodePort range (got 32768'],
  ['NodePort that is not a whole number', (d) => (d.spec.ingress.httpNodePort = 30080.5), 'spec.ingress.httpNodePort:'],
  ['unknown Service type', (d) => (d.spec.ingress.serviceType = 'ClusterIP'), 'spec.ingress.serviceType: not an allowed value (got "ClusterIP", expected "NodePort" or "LoadBalancer")'],
  ['Service type in the wrong case', (d) => (d.spec.ingress.serviceType = 'nodeport'), 'spec.ingress.serviceType: not an allowed value (got "nodeport"'],
  ['load balancer switch that is not a boolean', (d) => (d.spec.ingress.loadBalancer = { enabled: 'yes' }), 'spec.ingress.loadBalancer.enabled:'],
  ['typo in the load balancer section', (d) => (d.spec.ingress.loadBalancer = { enable: true }), 'spec.ingress.loadBalancer.enable: unknown field'],
  ['typo in the ingress section', (d) => (d.spec.ingress.servicetype = 'NodePort'), 'spec.ingress.servicetype: unknown field'],
  ['unpinned controller image', (d) => (d.spec.ingress.controllerImage = 'registry.k8s.io/ingress-nginx/controller'), 'spec.ingress.controllerImage: image is not pinned'],
  ['class name that is not a DNS name', (d) => (d.spec.ingress.className = 'Nginx_1'), 'spec.ingress.className: not a valid DNS name'],
];

describe.each(BAD_INGRESS)('fails on %s', (_name, mutate, expected) => {
  test('with a message naming the field', () => {
    const document = exampleDocument('lab');
    mutate(document);
    expect(problemsOf(document)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });
});
