import { synth } from './src/pipeline/synth';

/**
 * The `cdk8s synth` app (see cdk8s.yaml): the same pipeline as `hanok synth`, into the folder cdk8s names. Runs only
 * when this file is the program (`node lib/main.js`); importing it, or the library (`src/index.ts`, which never
 * imports it), synthesizes nothing.
 */
export function runCdk8sApp(): void {
  synth({ clustersDir: 'clusters', outDir: process.env.CDK8S_OUTDIR ?? 'dist' });
}

if (require.main === module) {
  runCdk8sApp();
}
