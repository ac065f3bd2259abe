import { Chart, Testing } from 'cdk8s';
import { TraefikController, TraefikControllerProps } from '../../src/constructs/traefik-controller';
import { TRAEFIK_IMAGE } from '../../src/versions/images';
import { findObject } from '../helpers';

function synth(props: TraefikControllerProps = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const controller = new TraefikController(chart, 'Traefik', props);
  return { controller, objects: Testing.synth(chart) };
}

describe('TraefikController', () => {
  test('minimal', () => {
    // GIVEN / WHEN
    const { objects } = synth();
    // THEN
    expect(objects).toMatchSnapshot();
    const container = findObject(objects, 'Deployment', 'traefik').spec.template.spec.containers[0];
    expect(container.image).toBe(TRAEFIK_IMAGE);
    // No request body limit and no 60 s read timeout in the way of large uploads; nothing phones home.
    expect(container.args).toEqual(expect.arrayContaining([
      '--entryPoints.web.transport.respondingTimeouts.readTimeout=0s',
      '--entryPoints.websecure.transport.respondingTimeouts.readTimeout=0s',
      '--global.checkNewVersion=false',
      '--global.sendAnonymousUsage=false',
    ]));
    expect(container.args.filter((arg: string) => arg.includes('publishedservice') || arg.includes('statusaddress'))).toEqual([]);
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(findObject(objects, 'Service', 'traefik').spec.type).toBe('NodePort');
  });

  test('all props', () => {
    // Required<> makes a new prop fail compilation here until a test covers it.
    const all: Required<TraefikControllerProps> = {
      namespace: 'edge', ingressClassName: 'public', isDefaultClass: false, serviceType: 'LoadBalancer', httpNodePort: 30080, httpsNodePort: 30443,
      image: 'mirror.local/library/traefik:v3.7.13', replicas: 2, resources: { cpu: '200m', memory: '256Mi', memoryLimit: '1Gi' },
    };
    const { objects } = synth(all);
    expect(objects).toMatchSnapshot();
    const args = findObject(objects, 'Deployment', 'traefik').spec.template.spec.containers[0].args;
    // A LoadBalancer's address goes into every Ingress's and Gateway's status (OpenMCP reads the Ingresses').
    expect(args).toEqual(expect.arrayContaining([
      '--providers.kubernetesingress.ingressendpoint.publishedservice=edge/traefik',
      '--providers.kubernetesgateway.statusaddress.service.name=traefik',
      '--providers.kubernetesgateway.statusaddress.service.namespace=edge',
    ]));
    expect(findObject(objects, 'Service', 'traefik').spec.externalTrafficPolicy).toBe('Local');
    expect(findObject(objects, 'IngressClass', 'public').metadata.annotations).toBeUndefined();
  });

  test('RBAC: read what both providers route, write only status', () => {
    const rules = findObject(synth().objects, 'ClusterRole', 'traefik').rules;
    const writes = rules.filter((rule: any) => rule.verbs.some((verb: string) => !['get', 'list', 'watch'].includes(verb)));
    expect(writes.flatMap((rule: any) => rule.resources).every((resource: string) => resource.endsWith('/status'))).toBe(true);
    expect(writes.flatMap((rule: any) => rule.verbs)).toEqual(['update', 'update']);
  });

  test('fails when the NodePorts are outside the range or equal', () => {
    expect(() => synth({ httpNodePort: 80 })).toThrow("Traefik: 'httpNodePort' must be an integer from 30000 to 32767 (got 80)");
    expect(() => synth({ httpNodePort: 30080, httpsNodePort: 30080 })).toThrow("Traefik: 'httpNodePort' and 'httpsNodePort' must differ (both are 30080)");
  });

  test('fails when the class name is not a DNS name', () => {
    expect(() => synth({ ingressClassName: 'Traefik_1' })).toThrow("Traefik: 'ingressClassName' must be a DNS name such as traefik (got \"Traefik_1\")");
  });
});
