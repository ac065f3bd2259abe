import * as fs from 'fs';
import * as path from 'path';
import { kindsOf, precompileValidators } from '../src/checks/precompile';

// Part of `npm run build`: writes the strict Kubernetes 1.27 validators of every kind in the stable API groups as
// plain JavaScript next to the compiled checks, so `hanok synth` does not compile schemas at every start.
const target = path.resolve(__dirname, '..', 'src', 'checks', 'kubernetes-validators.generated.js');
const kinds = kindsOf();
fs.writeFileSync(target, precompileValidators(kinds));
console.log(`precompiled ${kinds.length} Kubernetes kinds into ${path.relative(process.cwd(), target)}`);
