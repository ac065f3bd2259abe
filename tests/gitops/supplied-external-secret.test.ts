import { Chart, Testing } from 'cdk8s';
import { SuppliedExternalSecret, SuppliedExternalSecretProps } from '../../src/gitops/supplied-external-secret';

const LABELS = { 'app.kubernetes.io/managed-by': 'hanok' };

describe('SuppliedExternalSecret', () => {
  test('minimal: an Opaque Secret from a ClusterSecretStore, refreshed hourly, references only', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'test');
    // WHEN
    new SuppliedExternalSecret(chart, 'Secret', { name: 'grafana-admin', namespace: 'monitoring', keys: ['admin-password'], remoteKey: 'hanok/lab/monitoring/grafana-admin', storeName: 'vault', labels: LABELS });
    // THEN
    expect(chart.toJson()).toEqual([
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: 'grafana-admin', namespace: 'monitoring', labels: LABELS },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
          target: { name: 'grafana-admin', creationPolicy: 'Owner', deletionPolicy: 'Retain', template: { type: 'Opaque' } },
          data: [{ secretKey: 'admin-password', remoteRef: { key: 'hanok/lab/monitoring/grafana-admin', property: 'admin-password' } }],
        },
      },
    ]);
  });

  test('all props', () => {
    const chart = new Chart(Testing.app(), 'test');
    const props: Required<SuppliedExternalSecretProps> = {
      name: 'regcred',
      namespace: 'openfx',
      type: 'kubernetes.io/dockerconfigjson',
      keys: ['.dockerconfigjson'],
      remoteKey: 'sites/lab/openfx/regcred',
      storeName: 'team-store',
      storeKind: 'SecretStore',
      refreshInterval: '15m',
      labels: LABELS,
      annotations: { 'argocd.argoproj.io/sync-wave': '0' },
    };
    new SuppliedExternalSecret(chart, 'Secret', props);
    expect(chart.toJson()).toMatchSnapshot();
  });

  test('fails when no key is named', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new SuppliedExternalSecret(chart, 'Secret', { name: 'x', namespace: 'y', keys: [], remoteKey: 'k', storeName: 's', labels: LABELS })).toThrow(
      "ExternalSecret 'y/x': 'keys' must name at least one key",
    );
  });

  test('fails when refreshInterval is not a duration', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new SuppliedExternalSecret(chart, 'Secret', { name: 'x', namespace: 'y', keys: ['a'], remoteKey: 'k', storeName: 's', labels: LABELS, refreshInterval: 'hourly' })).toThrow(
      "ExternalSecret 'y/x': 'refreshInterval' must be a Go duration such as 1h (got 'hourly')",
    );
  });
});
