import { Cluster } from '../config/cluster';
import { normalizeImageName, parseImageReference } from '../kube/image-reference';
import { OPENFX_GATEWAY_IMAGE } from '../versions/images';
import { ComponentUse } from '../versions/compatibility-matrix';

/**
 * Which components of the matrix a cluster enables, by component id, and which upstream images with known
 * removed-API calls its containers still run. `images` are the containers' images before `spec.images` rewrites
 * them; an image with an override in `spec.images.overrides` counts as rebuilt.
 */
export function componentUses(cluster: Cluster, images: readonly string[]): Record<string, ComponentUse> {
  const spec = cluster.spec;
  const overridden = new Set(spec.images.overrides.map((override) => normalizeImageName(override.name)));
  const upstream = (matches: (name: string, tag: string | undefined) => boolean) =>
    [...new Set(images)]
      .filter((image) => {
        const { name, tag } = parseImageReference(image);
        return matches(name, tag) && !overridden.has(normalizeImageName(name));
      })
      .sort();
  return {
    flannel: { enabled: spec.networking.flannel.enabled },
    metallb: { enabled: spec.networking.metallb.enabled },
    traefik: { enabled: spec.ingress.enabled && spec.ingress.controller === 'traefik' },
    'gateway-api': { enabled: spec.ingress.enabled && spec.ingress.controller === 'traefik' },
    'ingress-nginx': { enabled: spec.ingress.enabled && spec.ingress.controller === 'ingress-nginx' },
    'metrics-server': { enabled: spec.metrics.metricsServer.enabled },
    vpa: { enabled: spec.openmcp?.role === 'member' && spec.openmcp.vpa.enabled },
    prometheus: { enabled: spec.metrics.prometheus.enabled },
    grafana: { enabled: spec.metrics.grafana.enabled },
    registry: { enabled: spec.registry.enabled },
    'csi-driver-nfs': { enabled: spec.storage.enabled },
    'node-exporter': { enabled: spec.metrics.nodeExporter.enabled },
    headlamp: { enabled: spec.metrics.dashboard.enabled },
    openfx: {
      enabled: spec.openfx.enabled,
      upstreamImages: upstream((name, tag) => name.split('/').pop() === OPENFX_GATEWAY_IMAGE.repository && tag === OPENFX_GATEWAY_IMAGE.tag),
    },
    openmcp: {
      enabled: spec.openmcp !== undefined,
      upstreamImages: upstream((name) => normalizeImageName(name).startsWith('docker.io/ketidevit2/openmcp-')),
    },
  };
}
