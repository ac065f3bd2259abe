import * as fs from 'fs';
import * as path from 'path';
import { kindsOf, precompileValidators } from '../src/checks/precompile';

// Part of `npm run build`: writes the strict Kubernetes 1.27 validators of every kind in the stable API groups as
// plain JavaScript next to the compiled checks, so `hanok synth` does not compile schemas at every start.
// Skipped when the generated file is newer than everything it is generated from.
const checks = path.resolve(__dirname, '..', 'src', 'checks');
const target = path.join(checks, 'kubernetes-validators.generated.js');
const inputs = [
  ...['kubernetes-schemas.js', 'precompile.js', 'schema-formats.js'].map((file) => path.join(checks, file)),
  require.resolve('kubernetes-models/package.json'),
  require.resolve('ajv/package.json'),
];
const upToDate = fs.existsSync(target) && inputs.every((input) => fs.statSync(input).mtimeMs <= fs.statSync(target).mtimeMs);
if (!upToDate) {
  const kinds = kindsOf();
  fs.writeFileSync(target, precompileValidators(kinds));
  console.log(`precompiled ${kinds.length} Kubernetes kinds into ${path.relative(process.cwd(), target)}`);
}
