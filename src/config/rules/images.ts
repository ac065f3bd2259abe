import type { RuleViolation } from '../types';
import { ClusterConfig } from '../schema';

/**
 * The registry nodes pull bootstrap images from must run before the cluster: Flannel, kube-proxy, CoreDNS and
 * kubeadm's control-plane images are pulled while no pod, so no in-cluster registry, can run yet.
 */
export function checkImageSources(config: ClusterConfig): RuleViolation[] {
  const { images, registry } = config.spec;
  const violations: RuleViolation[] = [];
  const bootstrap = images.bootstrapRegistry;
  const fix = bootstrap
    ? `a registry outside the cluster, such as the bootstrap registry ${bootstrap.host}:${bootstrap.port} (leave mirror unset to use it)`
    : 'a registry outside the cluster: set spec.images.bootstrapRegistry (scripts/node/prepare-bootstrap-registry.sh runs it before the cluster) and leave mirror unset, or name another site registry';
  if (images.mirror !== undefined && registry.enabled && images.mirror.split('/')[0] === registry.host) {
    violations.push({
      path: ['spec', 'images', 'mirror'],
      message:
        `points at the registry the cluster itself serves (spec.registry.host ${registry.host}): nodes pull every image from the mirror, ` +
        'Flannel, kube-proxy, CoreDNS and kubeadm\'s control-plane images included, before the cluster and so that registry can run, so the cluster could never start',
      got: images.mirror,
      expected: fix,
    });
  }
  if (bootstrap && registry.enabled && [bootstrap.host, `${bootstrap.host}:${bootstrap.port}`].includes(registry.host)) {
    violations.push({
      path: ['spec', 'images', 'bootstrapRegistry', 'host'],
      message: `is the in-cluster registry's host (spec.registry.host ${registry.host}); the bootstrap registry must run outside the cluster`,
      got: bootstrap.host,
      expected: 'the host name or address of a machine outside the cluster, such as the NFS or HAProxy host',
    });
  }
  if (bootstrap?.insecure && bootstrap.tls.caFile !== undefined) {
    violations.push({
      path: ['spec', 'images', 'bootstrapRegistry', 'tls', 'caFile'],
      message: 'is set, but insecure serves plain HTTP without a certificate',
      got: bootstrap.tls.caFile,
      expected: 'either insecure: true or a CA file, not both',
    });
  }
  return violations;
}
