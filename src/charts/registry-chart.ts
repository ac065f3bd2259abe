import { Construct } from 'constructs';
import { DeepReadonly } from '../config/cluster';
import { NfsConfig, RegistryConfig } from '../config/schema';
import { DockerRegistry } from '../constructs/docker-registry';
import { IngressFrontend } from '../constructs/ingress-frontend';
import { PrivateRegistry } from '../constructs/private-registry';
import { HanokChart } from './hanok-chart';

export interface RegistryChartProps {
  readonly registry: DeepReadonly<RegistryConfig>;
  readonly nfs: DeepReadonly<NfsConfig>;
  /** The cluster's ingress layer that publishes the registry. */
  readonly frontend: IngressFrontend;
}

/** Registry layer (seed 002 §15): the private registry on NFS behind the ingress. */
export class RegistryChart extends HanokChart {
  public readonly registry: PrivateRegistry;

  constructor(scope: Construct, id: string, props: RegistryChartProps) {
    super(scope, id, { layer: 'registry' });
    this.addNamespace(props.registry.namespace, {
      enforce: 'baseline',
      reason: 'the registry runs as root because its image store on NFS (no_root_squash) is owned by root; restricted forbids root',
    });
    const server = new DockerRegistry(this, 'Registry', {
      namespace: props.registry.namespace,
      host: props.registry.host,
      frontend: props.frontend,
      tlsSecretName: props.registry.tls?.secretName,
      nfs: props.nfs,
      pullSecretName: props.registry.pullSecretName,
      image: props.registry.image,
      storageSize: props.registry.storageSize,
    });
    this.registry = server.registry;
  }
}
