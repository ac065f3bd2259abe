import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { checkLinks } from '../../src/checks/links';
import { baseline, entriesOf, LABELS, pick, SUPPLIED } from './fixtures';
import { REPO_ROOT } from '../helpers';

const CRDS = path.join(REPO_ROOT, 'crds');

function failuresOf(objects: any[]): string[] {
  return checkLinks({ entries: entriesOf(objects), suppliedSecrets: SUPPLIED }).map(
    (failure) => `${failure.entry.object.kind} ${failure.entry.object.metadata.namespace ?? ''}/${failure.entry.object.metadata.name}: ${failure.field}: ${failure.message}`,
  );
}

const GROUP = 'gateway.networking.k8s.io';

/** The baseline with its Ingress replaced by an HTTPRoute on a Gateway in namespace `edge`. */
function gatewayBaseline(): any[] {
  const objects = baseline().filter((object) => object.kind !== 'Ingress');
  const directory = path.join(CRDS, 'gateway-api');
  const crds = fs.readdirSync(directory).filter((file) => file.endsWith('.yaml')).sort().map((file) => yaml.load(fs.readFileSync(path.join(directory, file), 'utf8')) as any);
  crds.forEach((crd) => (crd.metadata.labels = LABELS));
  return [
    ...objects,
    ...crds,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge', labels: LABELS } },
    { apiVersion: `${GROUP}/v1`, kind: 'GatewayClass', metadata: { name: 'traefik', labels: LABELS }, spec: { controllerName: 'traefik.io/gateway-controller' } },
    {
      apiVersion: `${GROUP}/v1`,
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'edge', labels: LABELS },
      spec: {
        gatewayClassName: 'traefik',
        listeners: [
          { name: 'http', protocol: 'HTTP', port: 8000, allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ group: GROUP, kind: 'HTTPRoute' }] } },
          { name: 'tls', protocol: 'TLS', port: 8443, tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'All' } } },
          { name: 'internal', protocol: 'HTTP', port: 8001 },
        ],
      },
    },
    {
      apiVersion: `${GROUP}/v1`,
      kind: 'HTTPRoute',
      metadata: { name: 'demo', namespace: 'demo', labels: LABELS },
      spec: {
        parentRefs: [{ group: GROUP, kind: 'Gateway', name: 'gw', namespace: 'edge', sectionName: 'http' }],
        hostnames: ['demo.example.org'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: 'demo', port: 80 }] }],
      },
    },
  ];
}

describe('link check: Gateway API', () => {
  test('accepts an HTTPRoute on an existing listener to an existing Service port', () => {
    expect(failuresOf(gatewayBaseline())).toEqual([]);
  });

  test('fails when the route names a listener the Gateway does not have', () => {
    const objects = gatewayBaseline();
    pick(objects, 'HTTPRoute').spec.parentRefs[0].sectionName = 'https';
    expect(failuresOf(objects)).toEqual(['HTTPRoute demo/demo: spec.parentRefs[0].sectionName: Gateway edge/gw has no listener "https"']);
  });

  test('fails when the Gateway does not exist', () => {
    const objects = gatewayBaseline();
    pick(objects, 'HTTPRoute').spec.parentRefs[0].namespace = 'demo';
    expect(failuresOf(objects)).toEqual(["HTTPRoute demo/demo: spec.parentRefs[0].name: Gateway 'gw' does not exist in namespace 'demo'"]);
  });

  test('fails when the listener does not accept the route (protocol, namespaces)', () => {
    const objects = gatewayBaseline();
    pick(objects, 'HTTPRoute').spec.parentRefs[0].sectionName = 'tls';
    const sameNamespaceOnly = gatewayBaseline();
    pick(sameNamespaceOnly, 'HTTPRoute').spec.parentRefs[0].sectionName = 'internal';
    expect(failuresOf(objects)).toEqual([expect.stringContaining("spec.parentRefs[0]: no listener of Gateway edge/gw accepts a HTTPRoute from namespace 'demo' (tls (TLS)")]);
    expect(failuresOf(sameNamespaceOnly)).toEqual([expect.stringContaining("no listener of Gateway edge/gw accepts a HTTPRoute from namespace 'demo' (internal (HTTP)")]);
  });

  test('fails when the backend Service or port does not exist', () => {
    const objects = gatewayBaseline();
    pick(objects, 'HTTPRoute').spec.rules[0].backendRefs[0].port = 8080;
    expect(failuresOf(objects)).toEqual(["HTTPRoute demo/demo: spec.rules[0].backendRefs[0].port: Service 'demo' has no port 8080 (it has 80)"]);
    pick(objects, 'HTTPRoute').spec.rules[0].backendRefs[0].name = 'missing';
    expect(failuresOf(objects)).toEqual(["HTTPRoute demo/demo: spec.rules[0].backendRefs[0].name: Service 'missing' does not exist in namespace 'demo'"]);
  });

  test('fails for a backend in another namespace without a ReferenceGrant, and accepts it with one', () => {
    const objects = gatewayBaseline();
    const route = pick(objects, 'HTTPRoute');
    route.metadata.namespace = 'edge';
    route.spec.rules[0].backendRefs[0].namespace = 'demo';
    expect(failuresOf(objects)).toEqual([
      "HTTPRoute edge/demo: spec.rules[0].backendRefs[0]: Service demo/demo is in another namespace and no ReferenceGrant there allows HTTPRoutes of 'edge' to use it",
    ]);
    objects.push({
      apiVersion: `${GROUP}/v1`,
      kind: 'ReferenceGrant',
      metadata: { name: 'from-edge', namespace: 'demo', labels: LABELS },
      spec: { from: [{ group: GROUP, kind: 'HTTPRoute', namespace: 'edge' }], to: [{ group: '', kind: 'Service' }] },
    });
    expect(failuresOf(objects)).toEqual([]);
  });

  test('fails when the Gateway names a GatewayClass that does not exist', () => {
    const objects = gatewayBaseline();
    pick(objects, 'Gateway').spec.gatewayClassName = 'nginx';
    expect(failuresOf(objects)).toEqual(["Gateway edge/gw: spec.gatewayClassName: GatewayClass 'nginx' does not exist, so no controller would program this Gateway"]);
  });

  test('fails when two routes or Ingresses claim the same host and path', () => {
    const objects = [...gatewayBaseline(), pick(baseline(), 'Ingress')];
    expect(failuresOf(objects)).toEqual(['Ingress demo/demo: spec.rules[0].http.paths[0]: host demo.example.org path / is already claimed by HTTPRoute demo/demo']);
  });

  test('a TLSRoute and an HTTPRoute for the same host do not clash (different listeners)', () => {
    const objects = gatewayBaseline();
    objects.push({
      apiVersion: `${GROUP}/v1`,
      kind: 'TLSRoute',
      metadata: { name: 'demo-tls', namespace: 'demo', labels: LABELS },
      spec: {
        parentRefs: [{ group: GROUP, kind: 'Gateway', name: 'gw', namespace: 'edge', sectionName: 'tls' }],
        hostnames: ['demo.example.org'],
        rules: [{ backendRefs: [{ group: '', kind: 'Service', name: 'demo', port: 80 }] }],
      },
    });
    expect(failuresOf(objects)).toEqual([]);
  });
});
