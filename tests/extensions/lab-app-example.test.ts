import * as path from 'path';
import { synthesizeClusters } from '../../src/pipeline/synth';
import { extensions } from '../../examples/lab-app/src/extension';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'lab-app');

test('smoke', () => {
  const [output] = synthesizeClusters(path.join(EXAMPLE, 'clusters'), ['lab'], { extensions });
  console.log(output.manifests.map((m) => m.name), output.check.failures, output.files.get('secrets.example'));
});
