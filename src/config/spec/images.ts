import { z } from 'zod';
import { IMAGE_DIGEST, IMAGE_NAME, normalizeImageName } from '../../kube/image-reference';
import { AbsolutePath, explain, HostOrAddress, ImageTag, Port } from '../fields';

/** Where nodes pull images from: mirror, per-image overrides and the bootstrap registry (`spec.images`, air-gapped sites). */

/** An image name without tag or digest, e.g. `registry.k8s.io/ingress-nginx/controller`. */
const ImageName = z
  .string()
  .regex(IMAGE_NAME, explain('not a valid image name', 'a repository without tag or digest, such as registry.k8s.io/ingress-nginx/controller'));

export const ImageOverrideSpec = z
  .strictObject({
    name: ImageName.describe(
      'The image to change, as the manifests name it without tag or digest (`nginx` and `docker.io/library/nginx` are the same image).',
    ),
    newName: ImageName.optional().describe('Pull from this repository instead; the mirror is not applied on top. - the name is kept, and mirrored when `mirror` is set.'),
    newTag: ImageTag
      .optional()
      .describe('Use this tag. - the tag is kept.'),
    digest: z
      .string()
      .regex(IMAGE_DIGEST, explain('not a valid image digest', 'sha256: followed by 64 lower-case hex digits'))
      .optional()
      .describe('Pin this digest (`name:tag@digest`); nodes pull by digest. - a digest already in the manifests is kept.'),
  })
  .refine(
    (override) => override.newName !== undefined || override.newTag !== undefined || override.digest !== undefined,
    explain('the override changes nothing', 'at least one of newName, newTag or digest'),
  )
  .describe('A per-image change, like an entry of kustomize\'s `images`.');

export const BootstrapRegistrySpec = z
  .strictObject({
    host: HostOrAddress.describe('Name or IPv4 address nodes reach the registry at, as image names start with it (before the port); the certificate must be issued for it.'),
    port: Port.default(5000).describe('Port the registry listens on.'),
    insecure: z
      .boolean()
      .default(false)
      .describe('Serve plain HTTP (containerd then reaches it without TLS). Test setups only; without it the registry serves TLS with a certificate and key given to the script at run time.'),
    tls: z
      .strictObject({
        caFile: z
          .string()
          .regex(/^[^\s/][^\s]*$/, explain('not a relative path', 'a path relative to the cluster file, such as certs/site-ca.pem'))
          .optional()
          .describe('PEM file of the CA that issued the registry\'s certificate, relative to the cluster file: public, kept in git, installed as containerd\'s `ca` for the registry on every node. - the nodes\' system trust store.'),
      })
      .default({})
      .describe('How nodes trust the registry\'s certificate (the certificate and key are site files given to prepare-bootstrap-registry.sh, never in git).'),
    storage: z.enum(['local', 'nfs']).default('local').describe('Where the registry keeps its data: `local` disk of its host, or `nfs`, the directory `<spec.nfs.exportPath>/bootstrap_registry` of the cluster\'s NFS export, mounted by the script.'),
    dataPath: AbsolutePath.default('/var/lib/hanok-bootstrap-registry').describe('Data folder on the registry host (the NFS mount point with `storage: nfs`).'),
  })
  .describe('A distribution registry (Debian\'s docker-registry package) run as a systemd service outside the cluster.');

export const ImagesSpec = z
  .strictObject({
    mirror: z
      .string()
      .regex(IMAGE_NAME, explain('not a valid registry prefix', 'a registry host with an optional port and path, such as registry.example.org:5000/mirror'))
      .refine(
        (prefix) => /[.:]/.test(prefix.split('/')[0]) || prefix.split('/')[0] === 'localhost',
        explain('the mirror does not start with a registry host', 'a host name with a dot or a port, or localhost, such as registry.example.org/mirror'),
      )
      .optional()
      .describe(
        'Rewrite every image under this registry host and path prefix, so nodes pull only from the site registry: `registry.k8s.io/ingress-nginx/controller:v1.12.1` becomes `<mirror>/ingress-nginx/controller:v1.12.1` (Docker Hub images keep their `library/` path). Images already on the mirror\'s host are kept, digests are kept, and kubeadm\'s `imageRepository` is set to the mirror. It must not be the in-cluster registry (`spec.registry.host`): nodes pull the CNI, kube-proxy, CoreDNS and control-plane images before that registry can run. - the bootstrap registry `<host>:<port>` when `bootstrapRegistry` is set; otherwise images are pulled from where the manifests name them.',
      ),
    overrides: z
      .array(ImageOverrideSpec)
      .default([])
      .describe('Per-image changes, applied before the mirror. Each must match an image of the cluster.'),
    platforms: z
      .array(z.string().regex(/^linux\/(amd64|arm64)(\/v8)?$/, explain('not a node platform', 'linux/amd64 or linux/arm64')))
      .min(1)
      .optional()
      .describe(
        'Image platforms `hanok bundle --images` carries. With one, multi-platform images are narrowed to it (the site registry then holds that platform\'s manifest, whose digest is the published one); with several, and for images pinned by digest, every platform is carried so the index digest stays the same. - `linux/<arch>` of every node.',
      ),
    bootstrapRegistry: BootstrapRegistrySpec.optional().describe(
      'The site registry that exists before the cluster (air-gapped sites): nodes pull Flannel, kube-proxy, CoreDNS and kubeadm\'s control-plane images from it while the cluster, and so the in-cluster registry, is not running yet. scripts/node/prepare-bootstrap-registry.sh sets it up as a systemd service on its host. - none; images come from where `mirror` or the manifests say.',
    ),
  })
  .superRefine((images, context) => {
    const seen = new Set<string>();
    images.overrides.forEach((override, index) => {
      const key = normalizeImageName(override.name);
      if (seen.has(key)) {
        context.addIssue({
          code: 'custom',
          path: ['overrides', index, 'name'],
          input: override.name,
          message: explain('image is overridden twice', 'one override per image').message,
        });
      }
      seen.add(key);
    });
  })
  .describe('Where nodes pull images from: a site mirror and per-image overrides, applied to every container of the output (air-gapped sites).');
