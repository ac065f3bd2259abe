import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './helpers';

test('a test run leaves nothing in the temporary folder, not even the cdk8s.outdir.* folders of Testing.app()', () => {
  // GIVEN an empty temporary folder for a separate jest run of a test that creates cdk8s apps
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-tmp-check-'));
  // WHEN it runs with the project's jest configuration
  const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--testMatch', '**/fixtures/cdk8s-app.fixture.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, TMPDIR: tmp },
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  // THEN the folder is empty again
  expect(fs.readdirSync(tmp).filter((name) => !name.startsWith('jest'))).toEqual([]);
});
