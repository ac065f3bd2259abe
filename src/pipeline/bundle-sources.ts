import * as fs from 'fs';
import * as path from 'path';
import { Cluster } from '../config/cluster';
import { openMcpMaster, openMcpMember } from '../config/openmcp';
import { UserError } from './errors';
import { BUNDLE_EXECUTABLE, BundleFile } from './bundle';

/** Where the cluster files go in a bundle that carries the executable, to re-synthesize from. */
export const BUNDLE_CLUSTERS_DIR = 'clusters';

/**
 * The cluster files a site needs to re-synthesize `name` with the bundled executable: its own and, for an OpenMCP
 * fleet, those of its master and every member, since each is validated against the others.
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
  return fleet.map((member) => member.sourceFile).sort();
}

/** The executable and cluster files as bundle entries: `bin/hanok` (mode 0755) and `clusters/<file>`. */
export function executableBundleFiles(executable: string, clusterFiles: readonly string[]): BundleFile[] {
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
    ...clusterFiles.map((file) => ({ path: `${BUNDLE_CLUSTERS_DIR}/${path.basename(file)}`, content: fs.readFileSync(file), executable: false })),
  ];
}
