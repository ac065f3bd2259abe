import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '../../src/config/errors';
import { OUTPUT_MARKER, OutputStaging } from '../../src/pipeline/output-folder';

function leftovers(out: string): string[] {
  return fs.readdirSync(path.dirname(out)).filter((name) => name.startsWith(`.hanok-tmp-${path.basename(out)}`));
}

describe('OutputStaging', () => {
  test('writes folders one at a time and swaps them in on commit', () => {
    // GIVEN
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-staging-')), 'dist');
    const staging = OutputStaging.open(out);
    try {
      // WHEN
      staging.write('a', new Map([['x.yaml', 'a: 1\n'], ['nodes/n.sh', 'echo\n']]));
      // THEN nothing is visible until the commit
      expect(fs.existsSync(out)).toBe(false);
      staging.write('b', new Map([['y.yaml', 'b: 2\n']]));
      staging.commit();
    } finally {
      staging.discard();
    }
    expect(fs.readdirSync(out).sort()).toEqual([OUTPUT_MARKER, 'a', 'b']);
    expect(fs.readFileSync(path.join(out, 'a', 'nodes', 'n.sh'), 'utf8')).toBe('echo\n');
    expect(leftovers(out)).toEqual([]);
  });

  test('fails when the output folder gained files hanok did not write while the run went on, and keeps them', () => {
    // GIVEN a run that started while the output folder did not exist
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-staging-')), 'dist');
    const staging = OutputStaging.open(out);
    try {
      staging.write('a', new Map([['x.yaml', 'a: 1\n']]));
      // WHEN someone puts their own file there before the swap
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
      // THEN
      expect(() => staging.commit()).toThrow(UserError);
      expect(() => staging.commit()).toThrow(/refusing to write the output to .*notes\.txt/);
    } finally {
      staging.discard();
    }
    expect(fs.readdirSync(out)).toEqual(['notes.txt']);
    expect(leftovers(out)).toEqual([]);
  });

  test('fails when a folder is written twice', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hanok-staging-')), 'dist');
    const staging = OutputStaging.open(out);
    try {
      staging.write('a', new Map([['x.yaml', 'a: 1\n']]));
      expect(() => staging.write('a', new Map([['y.yaml', 'a: 2\n']]))).toThrow('the output folder a is written twice');
    } finally {
      staging.discard();
    }
  });
});
