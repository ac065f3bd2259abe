import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/hanok';
import * as graphviz from '../../src/topology/graphviz';
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
    const start = jest.spyOn(graphviz, 'startGraphviz');
    const render = jest.spyOn(graphviz, 'renderSvg');
    const worker = jest.spyOn(outputWorker, 'startOutputWorker');
    const result = await run('validate', '--clusters', EXAMPLE_CLUSTERS_DIR);
    expect(result.code).toBe(0);
    expect(start).not.toHaveBeenCalled();
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

  test('hanok images draws nothing either', async () => {
    const render = jest.spyOn(graphviz, 'renderSvg');
    const result = await run('images', '--clusters', EXAMPLE_CLUSTERS_DIR, '--cluster', 'lab');
    expect(result.code).toBe(0);
    expect(result.out).not.toBe('');
    expect(render).not.toHaveBeenCalled();
  });

  test('synth still draws every cluster (fails when draw: false leaks into synth)', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-out-'));
    const result = await run('synth', '--clusters', EXAMPLE_CLUSTERS_DIR, '--out', out, '--only', 'lab');
    expect(result.code).toBe(0);
    // Drawn by the output worker (src/pipeline/output-worker.ts), not by renderSvg on this thread.
    expect(fs.readFileSync(path.join(out, 'lab', 'topology.svg'), 'utf8')).toBe(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'lab', 'topology.svg'), 'utf8'));
  });
});
