import * as fs from 'fs';
import * as path from 'path';
import { Cluster } from '../config/cluster';
import { openMcpMaster, openMcpMember } from '../config/openmcp';
import { UserError } from '../config/errors';
import { BUNDLE_EXECUTABLE, BundleFile } from './bundle';

/** Where the cluster files go in a bundle that carries the executable, to re-synthesize from. */
export const BUNDLE_CLUSTERS_DIR = 'clusters';

/**
 * The files a site needs to re-synthesize `name` with the bundled executable: its cluster file and, for an OpenMCP
 * fleet, those of its master and every member, since each is validated against the others; with each, the base
 * files it inherits and the CA files it names.
 */
export function clusterFilesFor(clusters: readonly Cluster[], name: string): string[] {
  const cluster = clusters.find((candidate) => candidate.name === name);
  if (!cluster) {
    throw new UserError(`no cluster ${name}`);
  }
  const masterName = openMcpMaster(cluster) ? cluster.name : openMcpMember(cluster)?.master;
  const fleet = masterName
    ? clusters.filter((candidate) => candidate.name === masterName || openMcpMember(candidate)?.master === masterName)
    : [cluster];
  const files = fleet.flatMap((member) => {
    const beside = (relative: string | undefined) => (relative === undefined ? [] : [path.join(path.dirname(member.sourceFile), relative)]);
    return [
      member.sourceFile,
      ...member.baseFiles,
      ...beside(member.spec.registry.tls?.caFile),
      ...beside(member.spec.images.bootstrapRegistry?.tls.caFile),
    ];
  });
  return [...new Set(files)].sort();
}

/**
 * Where a file of the configuration goes in the bundle: below `clusters/` as it is below the clusters folder, so
 * that relative references (bases in `../bases/`, CA files in `certs/`) still resolve at the site.
 */
function bundlePathOf(file: string, clustersDir: string): string {
  const bundled = path.posix.normalize(`${BUNDLE_CLUSTERS_DIR}/${path.relative(clustersDir, file).split(path.sep).join('/')}`);
  if (bundled.startsWith('../') || path.posix.isAbsolute(bundled)) {
    throw new UserError(`--exe: ${file} lies outside the folder above ${clustersDir}; keep bases and CA files beside the clusters folder`);
  }
  return bundled;
}

/** The executable and configuration files as bundle entries: `bin/hanok` (mode 0755) and `clusters/...`. */
export function executableBundleFiles(executable: string, clusterFiles: readonly string[], clustersDir: string): BundleFile[] {
  let content: Buffer;
  try {
    content = fs.readFileSync(executable);
  } catch (error) {
    throw new UserError(`--exe ${executable}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); build it with npm run build:exe`);
  }
  if (content.subarray(0, 4).toString('latin1') !== '\x7fELF') {
    throw new UserError(`--exe ${executable}: not an executable (expected the file npm run build:exe writes)`);
  }
  return [
    { path: BUNDLE_EXECUTABLE, content, executable: true },
    ...clusterFiles.map((file) => ({ path: bundlePathOf(file, clustersDir), content: fs.readFileSync(file), executable: false })),
  ];
}
