import { synth } from './src/pipeline/synth';

// Entry point for `cdk8s synth` (see cdk8s.yaml): the same pipeline as `hanok synth`, into the folder cdk8s names.
synth({ clustersDir: 'clusters', outDir: process.env.CDK8S_OUTDIR ?? 'dist' });
