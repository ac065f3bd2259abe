import { Chart, Testing } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { OpenMcpDeployment, OpenMcpDeploymentProps } from '../../src/constructs/openmcp-deployment';

function synth(props: OpenMcpDeploymentProps) {
  const chart = new Chart(Testing.app(), 'test');
  new OpenMcpDeployment(chart, 'Deployment', props);
  return Testing.synth(chart);
}

describe('OpenMcpDeployment', () => {
  test('minimal: the upstream sample\'s shape, labels defaulting to app: <name>', () => {
    // GIVEN / WHEN
    const objects = synth({ name: 'web', containers: [{ name: 'nginx', image: 'nginx:1.27.3' }] });
    // THEN
    expect(objects).toMatchSnapshot();
    expect(objects[0]).toMatchObject({
      apiVersion: 'openmcp.k8s.io/v1alpha1',
      kind: 'OpenMCPDeployment',
      metadata: { name: 'web', namespace: 'openmcp' },
      spec: { replicas: 1, labels: { app: 'web' }, template: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27.3' }] } } } } },
    });
  });

  test('all props: ports, env, resources and probes pass into the pod template', () => {
    // GIVEN
    const all: Required<OpenMcpDeploymentProps> = {
      name: 'web',
      namespace: 'shop',
      replicas: 6,
      labels: { app: 'shop-web' },
      clusters: ['cluster1', 'cluster2'],
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.27.3',
          command: ['nginx'],
          args: ['-g', 'daemon off;'],
          ports: [{ name: 'http', containerPort: 80 }],
          env: [{ name: 'MODE', value: 'demo' }],
          resources: { requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('64Mi') } },
          readinessProbe: { httpGet: { path: '/', port: k8s.IntOrString.fromString('http') } },
        },
      ],
    };
    // WHEN
    const objects = synth(all);
    // THEN
    expect(objects).toMatchSnapshot();
    const container = objects[0].spec.template.spec.template.spec.containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' } });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 80 }]);
    expect(objects[0].spec.clusters).toEqual(['cluster1', 'cluster2']);
  });

  test('fails on unpinned images, repeated containers, no containers and bad replicas', () => {
    expect(() => synth({ name: 'web', containers: [{ name: 'nginx', image: 'nginx' }] })).toThrow("OpenMCPDeployment 'web': container 'nginx' needs an image pinned to a tag or digest other than latest (got \"nginx\")");
    expect(() => synth({ name: 'web', containers: [{ name: 'nginx', image: 'nginx:latest' }] })).toThrow('needs an image pinned');
    expect(() => synth({ name: 'web', containers: [{ name: 'a', image: 'nginx:1.27.3' }, { name: 'a', image: 'nginx:1.27.3' }] })).toThrow("container name 'a' is used twice");
    expect(() => synth({ name: 'web', containers: [] })).toThrow("'containers' must hold at least one container");
    expect(() => synth({ name: 'web', replicas: -1, containers: [{ name: 'a', image: 'nginx:1.27.3' }] })).toThrow("'replicas' must be a whole number of at least 0 (got -1)");
    expect(() => synth({ name: 'Web', containers: [{ name: 'a', image: 'nginx:1.27.3' }] })).toThrow("OpenMCPDeployment: 'name' must be a DNS label");
    expect(() => synth({ name: 'web', labels: {}, containers: [{ name: 'a', image: 'nginx:1.27.3' }] })).toThrow("'labels' must not be empty");
  });
});
