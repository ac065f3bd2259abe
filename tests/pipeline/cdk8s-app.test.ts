import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree, REPO_ROOT } from '../helpers';


describe('cdk8s app (main.ts, run by `cdk8s synth`)', () => {
  test('writes into CDK8S_OUTDIR exactly what hanok synth writes into dist/', () => {
    // GIVEN the output folder the cdk8s CLI passes to the app
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-cdk8s-'));
    const previous = { outdir: process.env.CDK8S_OUTDIR, cwd: process.cwd() };
    process.env.CDK8S_OUTDIR = out;
    process.chdir(REPO_ROOT);
    try {
      // WHEN the app runs
      jest.isolateModules(() => require('../../main').runCdk8sApp());
    } finally {
      process.chdir(previous.cwd);
      if (previous.outdir === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = previous.outdir;
    }
    // THEN its output is the committed dist/
    expect(readTree(out)).toEqual(readTree(path.join(REPO_ROOT, 'dist')));
  });
});
