import { Chart, Testing } from 'cdk8s';
import { SmokeTestPhpApache, SmokeTestPhpApacheProps } from '../../src/constructs/smoke-test-php-apache';
import { SMOKE_TEST_PHP_APACHE_IMAGE } from '../../src/versions/images';
import { findObject } from '../helpers';

const MINIMAL: SmokeTestPhpApacheProps = { namespace: 'default' };

function synth(props: SmokeTestPhpApacheProps) {
  const chart = new Chart(Testing.app(), 'test');
  new SmokeTestPhpApache(chart, 'PhpApache', props);
  return Testing.synth(chart);
}

describe('SmokeTestPhpApache', () => {
  test('minimal: the HPA walkthrough of seed 004 (cpu 50%, 1 to 10 replicas)', () => {
    // GIVEN / WHEN
    const objects = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    const hpa = findObject(objects, 'HorizontalPodAutoscaler', 'php-apache');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    });
    const deployment = findObject(objects, 'Deployment', 'php-apache');
    expect(deployment.spec.replicas).toBeUndefined();
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe(SMOKE_TEST_PHP_APACHE_IMAGE);
    expect(container.resources.requests.cpu).toBe('200m');
    expect(findObject(objects, 'Service', 'php-apache').spec.ports[0]).toMatchObject({ port: 80, targetPort: 'http' });
  });

  test('all props', () => {
    const props: Required<SmokeTestPhpApacheProps> = {
      namespace: 'smoke',
      image: 'mirror.local/hpa-example@sha256:581697a37f0e136db86d6b30392f0db40ce99c8248a7044c770012f4e8491544',
      minReplicas: 2,
      maxReplicas: 4,
      targetCpuUtilization: 80,
    };
    const objects = synth(props);
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'HorizontalPodAutoscaler', 'php-apache').spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
  });

  test('the image is pinned by digest', () => {
    expect(SMOKE_TEST_PHP_APACHE_IMAGE).toMatch(/@sha256:[a-f0-9]{64}$/);
  });

  test('fails when maxReplicas is below minReplicas', () => {
    expect(() => synth({ ...MINIMAL, minReplicas: 3, maxReplicas: 2 })).toThrow("'maxReplicas' (2) must be a whole number of at least 'minReplicas' (3)");
  });

  test('fails on a target utilization above 100', () => {
    expect(() => synth({ ...MINIMAL, targetCpuUtilization: 150 })).toThrow("'targetCpuUtilization' must be a whole percentage from 1 to 100 (got 150)");
  });

  test('fails on zero minReplicas', () => {
    expect(() => synth({ ...MINIMAL, minReplicas: 0 })).toThrow("'minReplicas' must be a whole number of at least 1 (got 0)");
  });
});
