import * as fs from 'fs';
import * as path from 'path';

// Every test file gets its own temporary folder, removed when the file is done: what the tests write there and the
// cdk8s.outdir.* folder cdk8s's Testing.app() creates for every App (hundreds per run) no longer pile up in /tmp.
// os.tmpdir is replaced on the module itself rather than through TMPDIR, because jest gives each test file its own
// copy of process.env, which the os module does not read.
const os = require('os') as { tmpdir: () => string };
const original = os.tmpdir;
const root = fs.mkdtempSync(path.join(original(), 'hanok-test-'));
os.tmpdir = () => root;

afterAll(() => {
  os.tmpdir = original;
  fs.rmSync(root, { recursive: true, force: true });
});
