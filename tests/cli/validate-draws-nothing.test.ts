import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/hanok';
import { synthesizeClusters } from '../../src/pipeline/synth';
import { synthesizeCluster } from '../../src/pipeline/synthesize-cluster';
import * as dot from '../../src/topology/platform-topology';
import * as outputWorker from '../../src/pipeline/output-worker';
import { EXAMPLE_CLUSTERS_DIR, REPO_ROOT } from '../helpers';

async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(argv, (line) => out.push(line), () => undefined);
  return { code, out: out.join('\n') };
}

/** The per-cluster first lines of a summary: `lab: 118 objects in 45 files, ...`. */
function clusterLines(out: string): string[] {
  return out.split('\n').filter((line) => /^\S+: \d+ objects? in \d+ files?/.test(line));
}

function filesUnder(directory: string): number {
  return (fs.readdirSync(directory, { recursive: true }) as string[]).filter((name) => fs.statSync(path.join(directory, name)).isFile()).length;
}

describe('hanok validate draws no picture', () => {
  afterEach(() => jest.restoreAllMocks());

  test('it neither starts nor calls Graphviz, and its summary counts the files synth writes, pictures included', async () => {
    const render = jest.spyOn(outputWorker, 'drawSvgs');
    const worker = jest.spyOn(outputWorker, 'startOutputWorker');
    const result = await run('validate', '--clusters', EXAMPLE_CLUSTERS_DIR);
    expect(result.code).toBe(0);
    expect(worker).not.toHaveBeenCalled();
    expect(render).not.toHaveBeenCalled();
    const lines = clusterLines(result.out);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      const [, cluster, files] = /^(\S+): \d+ objects? in (\d+) files?/.exec(line)!;
      // dist/ is the committed synth of the examples (the freshness test proves it); the fleet folder is not a cluster's.
      expect({ cluster, files: Number(files) }).toEqual({ cluster, files: filesUnder(path.join(REPO_ROOT, 'dist', cluster)) });
    }
  });

  test('its undrawn pictures are exactly those synth draws, named without building their DOT text', () => {
    // GIVEN the examples, whose committed dist/ holds every picture synth draws (an OpenMCP master's federation too)
    const platformDot = jest.spyOn(dot, 'platformTopologyDot');
    // WHEN synthesized as validate does
    const outputs = synthesizeClusters(EXAMPLE_CLUSTERS_DIR, undefined, { draw: false });
    // THEN each names the pictures of its dist/ folder, and no topology was laid out for it
    expect(outputs.some((output) => output.undrawn?.includes('openmcp-fleet.svg'))).toBe(true);
    for (const output of outputs) {
      const drawn = fs.readdirSync(path.join(REPO_ROOT, 'dist', output.cluster.name)).filter((name) => name.endsWith('.svg'));
      expect({ cluster: output.cluster.name, undrawn: [...(output.undrawn ?? [])].sort() }).toEqual({ cluster: output.cluster.name, undrawn: drawn.sort() });
    }
    expect(platformDot).not.toHaveBeenCalled();
    // AND a master synthesized without its fleet gets no federation picture, drawn or not
    const master = outputs.find((output) => output.undrawn?.includes('openmcp-fleet.svg'))!.cluster;
    expect(synthesizeCluster(master, { draw: false }).undrawn).toEqual(['topology.svg']);
  });

  test('hanok images draws nothing either', async () => {
    const render = jest.spyOn(outputWorker, 'drawSvgs');
    const result = await run('images', '--clusters', EXAMPLE_CLUSTERS_DIR, '--cluster', 'lab');
    expect(result.code).toBe(0);
    expect(result.out).not.toBe('');
    expect(render).not.toHaveBeenCalled();
  });

  test('synth still draws every cluster (fails when draw: false leaks into synth)', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-out-'));
    const result = await run('synth', '--clusters', EXAMPLE_CLUSTERS_DIR, '--out', out, '--only', 'lab');
    expect(result.code).toBe(0);
    // Drawn by the output worker (src/pipeline/output-worker.ts), not on this thread.
    expect(fs.readFileSync(path.join(out, 'lab', 'topology.svg'), 'utf8')).toBe(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'lab', 'topology.svg'), 'utf8'));
  });
});
