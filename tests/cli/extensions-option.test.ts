import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/hanok';
import { REPO_ROOT } from '../helpers';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'lab-app');
// Under jest a TypeScript module loads as it is; outside, --extensions names the compiled JavaScript.
const EXTENSION = path.join(EXAMPLE, 'src', 'extension.ts');

async function hanok(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('--extensions', () => {
  test('hanok schema prints the cluster schema with the extension\'s section', async () => {
    const result = await hanok('schema', '--extensions', EXTENSION);
    expect(result.code).toBe(0);
    expect(`${result.out}\n`).toBe(fs.readFileSync(path.join(EXAMPLE, 'schema', 'cluster.schema.json'), 'utf8'));
  });

  test('validate, images and synth run the extension\'s charts', async () => {
    const clusters = path.join(EXAMPLE, 'clusters');
    const validate = await hanok('validate', '--clusters', clusters, '--extensions', EXTENSION);
    expect(validate.err).toBe('');
    expect(validate.code).toBe(0);
    const images = await hanok('images', '--clusters', clusters, '--extensions', EXTENSION);
    expect(images.out.split('\n')).toContain('nginxinc/nginx-unprivileged:1.28.0-alpine');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-ext-')), 'dist');
    const synth = await hanok('synth', '--clusters', clusters, '--out', out, '--extensions', EXTENSION);
    expect(synth.code).toBe(0);
    expect(fs.existsSync(path.join(out, 'lab', '07-lab-app.yaml'))).toBe(true);
  });

  test('fails when the cluster file has a section and hanok runs without its extension', async () => {
    const result = await hanok('validate', '--clusters', path.join(EXAMPLE, 'clusters'));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/lab\.yaml:\d+: spec\.extensions\.lab-app: unknown field \(expected no such field\)/);
  });

  test('fails when the module is missing or exports no extension', async () => {
    const missing = await hanok('schema', '--extensions', 'nowhere.js');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('hanok: --extensions: nowhere.js: file not found (expected a JavaScript module that exports extensions made with defineExtension)');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-ext-')), 'none.js');
    fs.writeFileSync(file, 'module.exports = { answer: 42 };\n');
    const none = await hanok('schema', '--extensions', file);
    expect(none.err).toContain('exports no extension');
  });
});
