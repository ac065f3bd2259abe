import { Chart, Testing } from 'cdk8s';
import * as k8s from 'cdk8s-plus-34/lib/imports/k8s';
import { NodeFile } from '../../src/constructs/node-file';
import { waivePolicy, waiversOf } from '../../src/constructs/policy-waiver';
import { PrivateRegistry } from '../../src/constructs/private-registry';
import { SuppliedSecret } from '../../src/constructs/supplied-secret';

function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

describe('SuppliedSecret', () => {
  test('declares a Secret without writing any object', () => {
    const scope = chart();
    const secret = new SuppliedSecret(scope, 'Secret', { name: 'grafana', namespace: 'monitoring', keys: { 'admin-password': 'Grafana admin password' }, purpose: 'Grafana admin login' });
    expect(Testing.synth(scope)).toEqual([]);
    expect(secret).toMatchObject({ secretName: 'grafana', namespace: 'monitoring', type: 'Opaque' });
  });

  test('fails when it names no key', () => {
    expect(() => new SuppliedSecret(chart(), 'Secret', { name: 'x', namespace: 'y', keys: {}, purpose: 'z' })).toThrow("'keys' must name at least one key");
  });
});

describe('PrivateRegistry', () => {
  test('declares its pull secret once per namespace and returns its name for imagePullSecrets', () => {
    const scope = chart();
    const registry = new PrivateRegistry({ host: 'registry.localtest.com', pullSecretName: 'regcred' });
    expect(registry.pullSecretsIn(scope, 'openfx')).toEqual(['regcred']);
    registry.pullSecretsIn(scope, 'openfx');
    registry.pullSecretsIn(scope, 'openfx-fn');
    const declared = scope.node.findAll().filter((construct): construct is SuppliedSecret => construct instanceof SuppliedSecret);
    expect(declared.map((secret) => [secret.namespace, secret.secretName, secret.type])).toEqual([
      ['openfx', 'regcred', 'kubernetes.io/dockerconfigjson'],
      ['openfx-fn', 'regcred', 'kubernetes.io/dockerconfigjson'],
    ]);
  });
});

describe('waivePolicy', () => {
  test('records the rule and reason on the object', () => {
    const scope = chart();
    const namespace = new k8s.KubeNamespace(scope, 'Namespace', { metadata: { name: 'x' } });
    waivePolicy(namespace, 'host-network', 'the CNI configures the host network itself');
    expect(waiversOf(namespace)).toEqual([{ rule: 'host-network', reason: 'the CNI configures the host network itself' }]);
  });

  test('writes the same decision as the exemption annotations of kube-linter and Polaris', () => {
    // GIVEN
    const scope = chart();
    const daemonSet = new k8s.KubeDaemonSet(scope, 'DaemonSet', { metadata: { name: 'x' }, spec: { selector: {}, template: {} } });
    // WHEN
    waivePolicy(daemonSet, 'host-network', 'the CNI configures the host network itself');
    waivePolicy(daemonSet, 'host-path', 'installs the CNI plugin into /opt/cni/bin');
    // THEN
    expect(Testing.synth(scope)[0].metadata.annotations).toEqual({
      'ignore-check.kube-linter.io/host-network': 'the CNI configures the host network itself',
      'polaris.fairwinds.com/hostNetworkSet-exempt': 'true',
      'ignore-check.kube-linter.io/sensitive-host-mounts': 'installs the CNI plugin into /opt/cni/bin',
      'ignore-check.kube-linter.io/writable-host-mount': 'installs the CNI plugin into /opt/cni/bin',
    });
  });

  test('fails without a real reason', () => {
    const namespace = new k8s.KubeNamespace(chart(), 'Namespace', { metadata: { name: 'x' } });
    expect(() => waivePolicy(namespace, 'privileged', 'needed')).toThrow("waiver of 'privileged' for Namespace 'x' needs a reason");
  });
});

describe('NodeFile', () => {
  test('ends the content with a newline', () => {
    expect(new NodeFile(chart(), 'File', { path: 'haproxy/haproxy.cfg', content: 'global' }).content).toBe('global\n');
  });

  test.each(['/etc/haproxy.cfg', '../outside', 'a//b'])('fails on the path %j', (path) => {
    expect(() => new NodeFile(chart(), 'File', { path, content: '' })).toThrow("node file 'path' must be a plain relative path");
  });
});
