import { Chart } from 'cdk8s';
import { IngressNginxController, IngressNginxControllerProps } from '../../src/constructs/ingress-nginx-controller';
import { INGRESS_NGINX_CONTROLLER_IMAGE } from '../../src/versions/images';
import { findObject, newApp, synthObjects } from '../helpers';

function synth(props?: IngressNginxControllerProps) {
  const chart = new Chart(newApp(), 'test');
  const controller = new IngressNginxController(chart, 'Controller', props);
  return { controller, objects: synthObjects(chart) };
}

function containerOf(objects: any[]): any {
  return findObject(objects, 'Deployment', 'ingress-nginx-controller').spec.template.spec.containers[0];
}

describe('IngressNginxController', () => {
  test('minimal', () => {
    // GIVEN / WHEN
    const { objects } = synth();
    // THEN
    expect(objects).toMatchSnapshot();
  });

  test('all props', () => {
    // GIVEN
    const props: Required<IngressNginxControllerProps> = {
      namespace: 'edge',
      ingressClassName: 'public',
      isDefaultClass: false,
      serviceType: 'LoadBalancer',
      httpNodePort: 30080,
      httpsNodePort: 30443,
      image: 'registry.example.org/ingress-nginx/controller:v1.12.1',
      replicas: 2,
      resources: { cpu: '200m', memory: '256Mi', memoryLimit: '1Gi' },
    };
    // WHEN
    const { objects } = synth(props);
    // THEN
    expect(objects).toMatchSnapshot();
  });

  test('creates upstream\'s objects under upstream\'s names', () => {
    const { objects } = synth();
    expect(objects.map((object) => `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`)).toEqual([
      'ServiceAccount ingress-nginx/ingress-nginx',
      'ClusterRole /ingress-nginx',
      'ClusterRoleBinding /ingress-nginx',
      'Role ingress-nginx/ingress-nginx',
      'RoleBinding ingress-nginx/ingress-nginx',
      'ConfigMap ingress-nginx/ingress-nginx-controller',
      'IngressClass /nginx',
      'Deployment ingress-nginx/ingress-nginx-controller',
      'Service ingress-nginx/ingress-nginx-controller',
    ]);
  });

  test('the IngressClass is the default class of the ingress-nginx controller', () => {
    const { objects } = synth({ ingressClassName: 'nginx' });
    const ingressClass = findObject(objects, 'IngressClass', 'nginx');
    expect(ingressClass.metadata.annotations).toEqual({ 'ingressclass.kubernetes.io/is-default-class': 'true' });
    expect(ingressClass.spec).toEqual({ controller: 'k8s.io/ingress-nginx' });
    expect(containerOf(objects).args).toContain('--ingress-class=nginx');
    expect(containerOf(objects).args).toContain('--controller-class=k8s.io/ingress-nginx');
  });

  test('a class that is not the default has no default annotation', () => {
    const { objects } = synth({ isDefaultClass: false });
    expect(findObject(objects, 'IngressClass', 'nginx').metadata.annotations).toBeUndefined();
  });

  test('the Service exposes HTTP and HTTPS on the given NodePorts and selects upstream\'s pod labels', () => {
    const { objects } = synth({ httpNodePort: 32334, httpsNodePort: 30570 });
    const service = findObject(objects, 'Service', 'ingress-nginx-controller');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.externalTrafficPolicy).toBeUndefined();
    expect(service.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 'http', nodePort: 32334, protocol: 'TCP' },
      { name: 'https', port: 443, targetPort: 'https', nodePort: 30570, protocol: 'TCP' },
    ]);
    const selector = {
      'app.kubernetes.io/component': 'controller',
      'app.kubernetes.io/instance': 'ingress-nginx',
      'app.kubernetes.io/name': 'ingress-nginx',
    };
    expect(service.spec.selector).toEqual(selector);
    expect(findObject(objects, 'Deployment', 'ingress-nginx-controller').spec.selector.matchLabels).toEqual(selector);
  });

  test('as a LoadBalancer it keeps client addresses and publishes the Service address', () => {
    const { objects } = synth({ serviceType: 'LoadBalancer', httpNodePort: 32334, httpsNodePort: 30570 });
    const service = findObject(objects, 'Service', 'ingress-nginx-controller');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.spec.externalTrafficPolicy).toBe('Local');
    expect(service.spec.ports.map((port: any) => port.nodePort)).toEqual([32334, 30570]);
    expect(containerOf(objects).args).toContain('--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller');
  });

  test('on NodePorts it publishes no address, like upstream\'s bare-metal manifest', () => {
    const { objects } = synth();
    expect(containerOf(objects).args.filter((arg: string) => arg.startsWith('--publish-service'))).toEqual([]);
  });

  test('runs as uid 101 with NET_BIND_SERVICE as its only capability', () => {
    const container = containerOf(synth().objects);
    expect(container.image).toBe(INGRESS_NGINX_CONTROLLER_IMAGE);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      readOnlyRootFilesystem: false,
      runAsGroup: 82,
      runAsNonRoot: true,
      runAsUser: 101,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 10254, scheme: 'HTTP' });
    expect(container.livenessProbe.failureThreshold).toBe(5);
    expect(container.resources.limits.memory).toBe('512Mi');
  });

  test('without the admission webhook there is no webhook port, volume or argument', () => {
    const { objects } = synth();
    const container = containerOf(objects);
    expect(container.ports.map((port: any) => port.name)).toEqual(['http', 'https']);
    expect(container.args.some((arg: string) => arg.includes('webhook'))).toBe(false);
    expect(findObject(objects, 'Deployment', 'ingress-nginx-controller').spec.template.spec.volumes).toBeUndefined();
    expect(objects.some((object) => object.kind === 'ValidatingWebhookConfiguration' || object.kind === 'Job')).toBe(false);
  });

  test('the leader-election lease in the Role matches --election-id', () => {
    const { objects } = synth();
    const role = findObject(objects, 'Role', 'ingress-nginx');
    const leaseRule = role.rules.find((rule: any) => rule.resourceNames);
    expect(leaseRule).toEqual({ apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['ingress-nginx-leader'], verbs: ['get', 'update'] });
    expect(containerOf(objects).args).toContain('--election-id=ingress-nginx-leader');
  });

  test('cluster-scoped objects carry no namespace', () => {
    const { objects } = synth({ namespace: 'edge' });
    for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'IngressClass']) {
      expect(objects.find((object) => object.kind === kind)!.metadata.namespace).toBeUndefined();
    }
    expect(findObject(objects, 'ClusterRoleBinding', 'ingress-nginx').subjects).toEqual([{ kind: 'ServiceAccount', name: 'ingress-nginx', namespace: 'edge' }]);
  });

  test('fails when a NodePort is outside the NodePort range', () => {
    expect(() => synth({ httpNodePort: 8080 })).toThrow("ingress-nginx: 'httpNodePort' must be an integer from 30000 to 32767 (got 8080)");
    expect(() => synth({ httpsNodePort: 40000 })).toThrow("'httpsNodePort' must be an integer from 30000 to 32767 (got 40000)");
  });

  test('fails when both NodePorts are the same', () => {
    expect(() => synth({ httpNodePort: 30080, httpsNodePort: 30080 })).toThrow("'httpNodePort' and 'httpsNodePort' must differ (both are 30080)");
  });

  test('fails when the class name is not a DNS name', () => {
    expect(() => synth({ ingressClassName: 'Nginx_1' })).toThrow("'ingressClassName' must be a DNS name such as nginx (got \"Nginx_1\")");
  });

  test('fails when the Service type is unknown', () => {
    expect(() => synth({ serviceType: 'ClusterIP' as any })).toThrow("'serviceType' must be NodePort or LoadBalancer (got \"ClusterIP\")");
  });
});
