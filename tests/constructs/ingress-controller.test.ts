import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { IngressController, IngressControllerProps } from '../../src/constructs/ingress-controller';
import { IngressNginxController } from '../../src/constructs/ingress-nginx-controller';
import { TraefikController } from '../../src/constructs/traefik-controller';
import { findObject } from '../helpers';

/* The parts every ingress controller shares, checked once for each controller that builds on them. */

type Make = (scope: Construct, props?: IngressControllerProps) => IngressController;

const CONTROLLERS: ReadonlyArray<[string, Make, { namespace: string; className: string; controller: string; service: string; targets: string[] }]> = [
  [
    'Traefik',
    (scope, props) => new TraefikController(scope, 'Controller', props),
    { namespace: 'traefik', className: 'traefik', controller: 'traefik.io/ingress-controller', service: 'traefik', targets: ['web', 'websecure'] },
  ],
  [
    'ingress-nginx',
    (scope, props) => new IngressNginxController(scope, 'Controller', props),
    { namespace: 'ingress-nginx', className: 'nginx', controller: 'k8s.io/ingress-nginx', service: 'ingress-nginx-controller', targets: ['http', 'https'] },
  ],
];

function synth(make: Make, props?: IngressControllerProps) {
  const chart = new Chart(Testing.app(), 'test');
  const controller = make(chart, props);
  return { controller, objects: Testing.synth(chart) };
}

describe.each(CONTROLLERS)('IngressController: %s', (owner, make, expected) => {
  test('defaults: its own namespace and class, the default class, NodePort on 80 and 443', () => {
    // GIVEN / WHEN
    const { controller, objects } = synth(make);

    // THEN
    expect(controller.namespace).toBe(expected.namespace);
    expect(controller.ingressClassName).toBe(expected.className);
    expect(controller.serviceType).toBe('NodePort');
    expect(findObject(objects, 'IngressClass', expected.className)).toMatchObject({
      metadata: { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: expected.controller },
    });
    const service = findObject(objects, 'Service', expected.service);
    expect(service.metadata.namespace).toBe(expected.namespace);
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.externalTrafficPolicy).toBeUndefined();
    expect(service.spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: expected.targets[0], protocol: 'TCP' },
      { name: 'https', port: 443, targetPort: expected.targets[1], protocol: 'TCP' },
    ]);
    expect(controller.service.name).toBe(expected.service);
    expect(controller.ingressClass.name).toBe(expected.className);
  });

  test('a LoadBalancer keeps client addresses, with the NodePorts given', () => {
    const { objects } = synth(make, { serviceType: 'LoadBalancer', httpNodePort: 30080, httpsNodePort: 30443, ingressClassName: 'public', isDefaultClass: false, namespace: 'edge' });
    const service = findObject(objects, 'Service', expected.service);
    expect(service.metadata.namespace).toBe('edge');
    expect(service.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    expect(service.spec.ports.map((port: { nodePort: number }) => port.nodePort)).toEqual([30080, 30443]);
    expect(findObject(objects, 'IngressClass', 'public').metadata.annotations).toBeUndefined();
  });

  test('fails when the class name is not a DNS name, naming the controller', () => {
    expect(() => synth(make, { ingressClassName: 'Not_A_Name' })).toThrow(
      `${owner}: 'ingressClassName' must be a DNS name such as ${expected.className} (got "Not_A_Name")`,
    );
  });

  test('fails when both NodePorts are the same', () => {
    expect(() => synth(make, { httpNodePort: 30080, httpsNodePort: 30080 })).toThrow(`${owner}: 'httpNodePort' and 'httpsNodePort' must differ (both are 30080)`);
  });
});
