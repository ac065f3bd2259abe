import { IngressFrontend } from '../../src/constructs/ingress-frontend';
import { Chart, Testing } from 'cdk8s';
import { SmokeTestTomcat, SmokeTestTomcatProps } from '../../src/constructs/smoke-test-tomcat';
import { SMOKE_TEST_TOMCAT_IMAGE } from '../../src/versions/images';
import { findObject } from '../helpers';

const MINIMAL: SmokeTestTomcatProps = {
  namespace: 'default',
  nfs: { server: '192.168.111.177', exportPath: '/share_storage' },
  host: 'share-storage.localtest.com',
  frontend: new IngressFrontend({ className: 'nginx' }),
};

function synth(props: SmokeTestTomcatProps) {
  const chart = new Chart(Testing.app(), 'test');
  new SmokeTestTomcat(chart, 'Tomcat', props);
  return Testing.synth(chart);
}

describe('SmokeTestTomcat', () => {
  test('minimal: seed 002 §16 names, three replicas sharing <export>/test_service as webapps', () => {
    // GIVEN / WHEN
    const objects = synth(MINIMAL);
    // THEN
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'PersistentVolume', 'pv-testwas').spec.nfs).toEqual({ server: '192.168.111.177', path: '/share_storage/test_service' });
    expect(findObject(objects, 'PersistentVolumeClaim', 'pvc-testwas').spec.accessModes).toEqual(['ReadWriteMany']);
    const deployment = findObject(objects, 'Deployment', 'test-was');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'test-was' });
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0].image).toBe(SMOKE_TEST_TOMCAT_IMAGE);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'pvc-volume', mountPath: '/usr/local/tomcat/webapps' });
    expect(pod.volumes).toContainEqual({ name: 'pvc-volume', persistentVolumeClaim: { claimName: 'pvc-testwas' } });
    expect(findObject(objects, 'Service', 'svc-tomcat').spec.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080 }]);
    const ingress = findObject(objects, 'Ingress', 'ingress-test-was');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules[0].host).toBe('share-storage.localtest.com');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'svc-tomcat', port: { number: 8080 } });
  });

  test('all props', () => {
    const props: Required<SmokeTestTomcatProps> = { ...MINIMAL, namespace: 'smoke', image: 'tomcat:9.0.106-jdk17-temurin', replicas: 2, subdirectory: 'was/test' };
    const objects = synth(props);
    expect(objects).toMatchSnapshot();
    expect(findObject(objects, 'Deployment', 'test-was').spec.replicas).toBe(2);
    expect(findObject(objects, 'PersistentVolume', 'pv-testwas').spec.nfs.path).toBe('/share_storage/was/test');
  });

  test('runs as a non-root user with a read-only root and writable scratch directories', () => {
    const container = findObject(synth(MINIMAL), 'Deployment', 'test-was').spec.template.spec.containers[0];
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, readOnlyRootFilesystem: true });
    expect(container.volumeMounts.map((mount: any) => mount.mountPath)).toEqual(expect.arrayContaining(['/usr/local/tomcat/logs', '/usr/local/tomcat/temp', '/usr/local/tomcat/work']));
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 'http' });
  });

  test('fails on zero replicas', () => {
    expect(() => synth({ ...MINIMAL, replicas: 0 })).toThrow("'replicas' must be a whole number of at least 1 (got 0)");
  });
});
