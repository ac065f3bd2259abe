import * as fs from 'fs';
import { bundleFiles, writeBundle } from '../../pipeline/bundle';
import { clusterFilesFor, executableBundleFiles } from '../../pipeline/bundle-sources';
import { UserError } from '../../config/errors';
import { loadClusters } from '../../config/load';
import { describeFsError } from '../../pipeline/fs-steps';
import { collectProvenance } from '../../pipeline/provenance';
import { fingerprint, parsePrivateKey, SigningKey } from '../../pipeline/ssh-signature';
import { assertNoWarnings, synthesizeClusters } from '../../pipeline/synth';
import { Command, flag, plural, stringOption } from '../command';
import { runImageBundle } from '../image-bundle-command';
import { hanokVersion } from '../version';
import { CLUSTERS_OPTION, EXTENSIONS_OPTION, extensionsOption, STRICT_OPTION } from './shared-options';

export const bundleCommand: Command = {
  name: 'bundle',
  summary: "write the cluster's air-gap bundle, signed with an Ed25519 key when --sign-key is given",
  synopsis: '--cluster NAME --out FILE.tar.gz [--clusters DIR] [--sign-key KEY] [--images [--packages DIR]] [--exe FILE] [--extensions FILE...] [--strict]',
  options: {
    cluster: { type: 'string', value: 'NAME', description: 'the cluster to bundle' },
    out: { type: 'string', value: 'FILE', description: 'the bundle file to write' },
    clusters: CLUSTERS_OPTION,
    'sign-key': { type: 'string', value: 'KEY', description: 'Ed25519 private key (ssh-keygen -t ed25519) to sign SHA256SUMS with' },
    images: { type: 'boolean', description: "also carry every image and kubeadm's, copied with skopeo into an OCI image layout" },
    packages: { type: 'string', value: 'DIR', description: 'with --images: also carry the node packages (.deb) from DIR' },
    'pull-from': { type: 'string', value: 'PREFIX', description: 'with --images: pull through a cache holding each registry below PREFIX/<registry host>/' },
    'pull-insecure': { type: 'boolean', description: 'with --images: reach that cache over plain HTTP (test setups only)' },
    exe: { type: 'string', value: 'FILE', description: 'the single hanok executable (npm run build:exe) to include as bin/hanok, with the cluster files' },
    extensions: EXTENSIONS_OPTION,
    strict: STRICT_OPTION,
  },
  run(args, io) {
    const cluster = stringOption(args, 'cluster');
    const out = stringOption(args, 'out');
    if (!cluster || !out) {
      throw new UserError('bundle needs --cluster NAME and --out FILE.tar.gz');
    }
    const keyFile = stringOption(args, 'sign-key');
    const signingKey = keyFile ? readSigningKey(keyFile) : undefined;
    const clustersDir = stringOption(args, 'clusters') ?? 'clusters';
    const extensions = extensionsOption(args);
    const outputs = synthesizeClusters(clustersDir, [cluster], { extensions }, '--cluster');
    if (flag(args, 'strict')) assertNoWarnings(outputs);
    const [output] = outputs;
    const provenance = collectProvenance(clustersDir, hanokVersion());
    const exe = stringOption(args, 'exe');
    const extraFiles = exe ? executableBundleFiles(exe, clusterFilesFor(loadClusters(clustersDir, { extensions }), output.cluster.name), clustersDir) : [];
    if (flag(args, 'images')) {
      return runImageBundle(
        output,
        { out, packagesDir: stringOption(args, 'packages'), pullFrom: stringOption(args, 'pull-from'), pullInsecure: flag(args, 'pull-insecure'), provenance, signingKey, extraFiles },
        io.out,
        io.err,
      );
    }
    if (stringOption(args, 'packages') || stringOption(args, 'pull-from') || flag(args, 'pull-insecure')) {
      throw new UserError('--packages, --pull-from and --pull-insecure go with --images');
    }
    const files = bundleFiles(output, { provenance, signingKey, extraFiles });
    writeBundle(files, output.cluster.name, out);
    const signed = signingKey ? `, signed by ${fingerprint(signingKey.publicKey)}` : ', unsigned';
    io.out(
      `wrote ${out}: ${plural(files.length, 'file')} of cluster ${output.cluster.name}, ${plural(output.images.length, 'image')} listed${signed}; ` +
        `check it with: hanok verify ${out}${signingKey ? ' --key KEY.pub' : ''}`,
    );
    return 0;
  },
};

function readSigningKey(file: string): SigningKey {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new UserError(`--sign-key ${file}: not a regular file`);
    if (stat.size > 64 * 1024) throw new UserError(`--sign-key ${file}: too large for a key file`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`--sign-key ${file}: cannot read it (${describeFsError(error)})`);
  }
  return parsePrivateKey(text, file);
}
