import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Cluster } from '../src/config/cluster';
import { PrivateRegistry } from '../src/constructs/private-registry';
import { RegistryChart } from './registry-chart';
import { StorageChart } from './storage-chart';

/** The layers of one cluster, as charts joined by dependencies in apply order. */
export interface Platform {
  readonly charts: readonly Chart[];
  /** The registry every layer pulls its own images from. */
  readonly registry: PrivateRegistry;
}

/**
 * Composes every enabled layer of a cluster. Each chart receives only its slice of the configuration and the
 * typed outputs of the charts it builds on.
 */
export function buildPlatform(scope: Construct, cluster: Cluster): Platform {
  const spec = cluster.spec;
  const charts: Chart[] = [];

  const storage = spec.storage.enabled ? new StorageChart(scope, 'storage', { nfs: spec.nfs, storage: spec.storage }) : undefined;
  if (storage) {
    charts.push(storage);
  }

  let registry = new PrivateRegistry({ host: spec.registry.host, pullSecretName: spec.registry.pullSecretName });
  if (spec.registry.enabled) {
    const registryChart = new RegistryChart(scope, 'registry', {
      registry: spec.registry,
      nfs: spec.nfs,
      ingressClassName: spec.ingress.className,
    });
    if (storage) {
      registryChart.addDependency(storage);
    }
    registry = registryChart.registry;
    charts.push(registryChart);
  }

  return { charts, registry };
}
