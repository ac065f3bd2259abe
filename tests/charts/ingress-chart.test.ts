import { IngressChart } from '../../src/charts/ingress-chart';
import { buildPlatform } from '../../src/charts/platform';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import { clusterWith, exampleCluster, findObject, newApp, synthObjects } from '../helpers';

const HAPROXY = 'nodes/haproxy/haproxy.cfg';

/** `server <name> <address>:<port> check` lines of one backend of an haproxy.cfg. */
function backend(content: string, name: string): Array<{ name: string; address: string; port: number; check: boolean }> {
  const lines = content.split('\n');
  const start = lines.indexOf(`backend ${name}`);
  if (start < 0) throw new Error(`no backend ${name}`);
  const servers = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith(' ')) break;
    const match = /^\s+server (\S+) ([^:\s]+):(\d+)( check)?$/.exec(line);
    if (match) servers.push({ name: match[1], address: match[2], port: Number(match[3]), check: !!match[4] });
  }
  return servers;
}

function frontendTarget(content: string, bind: string): { mode: string; backend: string } {
  const blocks = content.split('\n\n');
  const block = blocks.find((candidate) => candidate.includes(`bind ${bind}\n`) && candidate.startsWith('frontend'))!;
  return { mode: /mode (\w+)/.exec(block)![1], backend: /default_backend (\S+)/.exec(block)![1] };
}

describe('IngressChart', () => {
  describe('in the lab cluster (seed 002)', () => {
    const output = synthesizeCluster(exampleCluster('lab'));
    const ingressObjects = output.manifests.find((manifest) => manifest.chart === 'ingress')!.objects;
    const service = findObject(ingressObjects, 'Service', 'traefik');
    const haproxy = output.files.get(HAPROXY)!;
    const spec = exampleCluster('lab').spec;

    test('the Service NodePorts are the configured ones', () => {
      expect(service.spec.type).toBe('NodePort');
      const nodePort = (name: string) => service.spec.ports.find((port: any) => port.name === name).nodePort;
      expect(nodePort('http')).toBe(spec.ingress.httpNodePort);
      expect(nodePort('https')).toBe(spec.ingress.httpsNodePort);
      expect([nodePort('http'), nodePort('https')]).toEqual([32334, 30570]);
    });

    test('port 80 goes to the HTTP NodePort and 443 is passed through (mode tcp) to the HTTPS NodePort', () => {
      const http = frontendTarget(haproxy, '*:80');
      const https = frontendTarget(haproxy, '*:443');
      expect(http.mode).toBe('http');
      expect(https.mode).toBe('tcp');
      const httpPort = service.spec.ports.find((port: any) => port.port === 80).nodePort;
      const httpsPort = service.spec.ports.find((port: any) => port.port === 443).nodePort;
      expect(new Set(backend(haproxy, http.backend).map((server) => server.port))).toEqual(new Set([httpPort]));
      expect(new Set(backend(haproxy, https.backend).map((server) => server.port))).toEqual(new Set([httpsPort]));
      expect(haproxy).toMatch(new RegExp(`backend ${https.backend}\\n    mode tcp\\n`));
    });

    test('the backends are the worker nodes, each health-checked', () => {
      const workers = spec.nodes.filter((node) => node.roles.includes('worker'));
      expect(workers.map((node) => node.name)).toEqual(['test-node1', 'test-node2', 'test-node3']);
      for (const name of ['ingress-http-nodeport', 'ingress-https-nodeport']) {
        const servers = backend(haproxy, name);
        expect(servers.map((server) => [server.name, server.address])).toEqual(workers.map((node) => [node.name, node.ip]));
        expect(servers.every((server) => server.check)).toBe(true);
      }
      expect(haproxy).not.toContain('192.168.111.169');
    });

    test('the registry\'s HTTPRoute attaches to the Gateway the ingress layer creates, and comes after it', () => {
      const charts = output.manifests.map((manifest) => manifest.chart);
      expect(charts.indexOf('ingress')).toBeGreaterThanOrEqual(0);
      expect(charts.indexOf('ingress')).toBeLessThan(charts.indexOf('registry'));
      const route = output.manifests.find((manifest) => manifest.chart === 'registry')!.objects.find((object) => object.kind === 'HTTPRoute') as any;
      const gateway = findObject(ingressObjects, 'Gateway', route.spec.parentRefs[0].name);
      expect(gateway.metadata.namespace).toBe(route.spec.parentRefs[0].namespace);
      expect(gateway.spec.listeners.map((listener: any) => listener.name)).toContain(route.spec.parentRefs[0].sectionName);
    });

    test('Traefik serves the default IngressClass, the GatewayClass and a Gateway whose listener ports are its entry points', () => {
      const ingressClass = findObject(ingressObjects, 'IngressClass', 'traefik');
      expect(ingressClass.spec.controller).toBe('traefik.io/ingress-controller');
      expect(ingressClass.metadata.annotations['ingressclass.kubernetes.io/is-default-class']).toBe('true');
      expect(findObject(ingressObjects, 'GatewayClass', 'traefik').spec.controllerName).toBe('traefik.io/gateway-controller');
      const gateway = findObject(ingressObjects, 'Gateway', 'cluster-gateway');
      expect(gateway.spec.listeners).toEqual([
        { name: 'http', protocol: 'HTTP', port: 8000, allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] } },
        {
          name: 'tls-passthrough', protocol: 'TLS', port: 8443, tls: { mode: 'Passthrough' },
          allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute' }] },
        },
      ]);
      const container = findObject(ingressObjects, 'Deployment', 'traefik').spec.template.spec.containers[0];
      expect(container.args).toEqual(expect.arrayContaining(['--entryPoints.web.address=:8000/tcp', '--entryPoints.websecure.address=:8443/tcp', '--providers.kubernetesingress=true', '--providers.kubernetesgateway=true']));
      expect(container.ports.map((port: any) => [port.name, port.containerPort])).toEqual([['web', 8000], ['websecure', 8443], ['traefik', 8080]]);
      expect(service.spec.ports.map((port: any) => [port.port, port.targetPort])).toEqual([[80, 'web'], [443, 'websecure']]);
    });

    test('ships the seven Gateway API standard-channel CRDs', () => {
      expect(ingressObjects.filter((object) => object.kind === 'CustomResourceDefinition').map((object) => object.metadata.name)).toEqual(
        ['backendtlspolicies', 'gatewayclasses', 'gateways', 'grpcroutes', 'httproutes', 'referencegrants', 'tlsroutes'].map((plural) => `${plural}.gateway.networking.k8s.io`),
      );
    });

    test('passes every output check', () => {
      expect(output.check.failures).toEqual([]);
    });
  });

  test('sends traffic to every node when none has the worker role', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.nodes = [{ name: 'solo', ip: '192.168.111.169', roles: ['control-plane'] }];
    });
    const haproxy = synthesizeCluster(cluster).files.get(HAPROXY)!;
    expect(backend(haproxy, 'ingress-http-nodeport')).toEqual([{ name: 'solo', address: '192.168.111.169', port: 32334, check: true }]);
    expect(backend(haproxy, 'ingress-https-nodeport')).toEqual([{ name: 'solo', address: '192.168.111.169', port: 30570, check: true }]);
  });

  test('a node with both roles is a backend', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.nodes[0].roles = ['control-plane', 'worker'];
    });
    const haproxy = synthesizeCluster(cluster).files.get(HAPROXY)!;
    expect(backend(haproxy, 'ingress-http-nodeport').map((server) => server.name)).toEqual(['test-master', 'test-node1', 'test-node2', 'test-node3']);
  });

  test('as a LoadBalancer Service it writes no HAProxy file unless asked to', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.ingress.serviceType = 'LoadBalancer';
    });
    const output = synthesizeCluster(cluster);
    const ingressObjects = output.manifests.find((manifest) => manifest.chart === 'ingress')!.objects;
    const service = findObject(ingressObjects, 'Service', 'traefik');
    expect(service.spec.type).toBe('LoadBalancer');
    // Ingress and Gateway status carry the LoadBalancer address (OpenMCP reads it from the Ingresses).
    expect(findObject(ingressObjects, 'Deployment', 'traefik').spec.template.spec.containers[0].args).toEqual(
      expect.arrayContaining(['--providers.kubernetesingress.ingressendpoint.publishedservice=traefik/traefik', '--providers.kubernetesgateway.statusaddress.service.name=traefik']),
    );
    expect(service.spec.ports.map((port: any) => port.nodePort)).toEqual([32334, 30570]);
    expect(output.files.has(HAPROXY)).toBe(false);
    expect(output.check.failures).toEqual([]);

    const withHaproxy = clusterWith('lab', (document) => {
      document.spec.ingress.serviceType = 'LoadBalancer';
      document.spec.ingress.loadBalancer = { enabled: true };
    });
    expect(synthesizeCluster(withHaproxy).files.get(HAPROXY)).toContain('server test-node1 192.168.111.172:30570 check');
  });

  test('writes no HAProxy file when the front end is switched off', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.ingress.loadBalancer = { enabled: false };
    });
    expect(synthesizeCluster(cluster).files.has(HAPROXY)).toBe(false);
  });

  test('ingress-nginx, to adopt an install: its final release, Ingress objects as before, and a warning that it is retired', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.ingress.controller = 'ingress-nginx';
    });
    const output = synthesizeCluster(cluster);
    const objects = output.manifests.flatMap((manifest) => manifest.objects) as any[];
    expect(findObject(objects, 'Deployment', 'ingress-nginx-controller').spec.template.spec.containers[0].image).toBe('registry.k8s.io/ingress-nginx/controller:v1.15.1');
    expect(objects.filter((object) => object.apiVersion.startsWith('gateway.networking.k8s.io/'))).toEqual([]);
    const registry = findObject(objects, 'Ingress', 'ingress-docker-registry');
    expect(registry.spec.ingressClassName).toBe('nginx');
    expect(registry.metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('0');
    expect(output.check.warnings).toEqual(expect.arrayContaining([expect.stringContaining('spec.ingress.controller is ingress-nginx, which is retired')]));
    expect(output.check.failures).toEqual([]);
  });

  test('a custom class name reaches the IngressClass, the controller and the registry', () => {
    const cluster = clusterWith('lab', (document) => {
      document.spec.ingress.controller = 'ingress-nginx';
      document.spec.ingress.className = 'public';
    });
    const output = synthesizeCluster(cluster);
    const objects = output.manifests.flatMap((manifest) => manifest.objects) as any[];
    expect(findObject(objects, 'IngressClass', 'public').spec.controller).toBe('k8s.io/ingress-nginx');
    expect(findObject(objects, 'Deployment', 'ingress-nginx-controller').spec.template.spec.containers[0].args).toContain('--ingress-class=public');
    expect(findObject(objects, 'Ingress', 'ingress-docker-registry').spec.ingressClassName).toBe('public');
    expect(output.check.failures).toEqual([]);
  });

  test('with the layer disabled there is no ingress chart and no HAProxy file', () => {
    const cluster = clusterWith('cluster1', (document) => {
      document.spec.ingress = { enabled: false };
    });
    const output = synthesizeCluster(cluster);
    expect(output.manifests.map((manifest) => manifest.chart)).not.toContain('ingress');
    expect(output.files.has(HAPROXY)).toBe(false);
  });

  test('the registry chart depends on the ingress chart', () => {
    const charts = buildPlatform(newApp(), exampleCluster('lab')).charts;
    const ingress = charts.find((chart) => chart instanceof IngressChart)!;
    const registry = charts.find((chart) => chart.node.id === 'registry')!;
    expect(registry.node.dependencies).toContain(ingress);
  });

  test('creates the traefik namespace and labels every object with its layer', () => {
    const chart = new IngressChart(newApp(), 'ingress', { ingress: exampleCluster('lab').spec.ingress, nodes: exampleCluster('lab').spec.nodes });
    const objects = synthObjects(chart);
    expect(findObject(objects, 'Namespace', 'traefik')).toBeDefined();
    expect(objects.every((object) => object.metadata.labels?.['app.kubernetes.io/part-of'] === 'ingress')).toBe(true);
    expect(chart.ingressClassName).toBe('traefik');
    expect(chart.frontend.httpListener).toEqual({ gatewayName: 'cluster-gateway', gatewayNamespace: 'traefik', sectionName: 'http' });
  });
});
