/**
 * What `import ... from 'hanok'` gives the example project (examples/lab-app) in this repository's tests: jest and
 * tsc map the package name here. It stands for the package's entry point: the extension point and the pipeline that
 * runs extensions.
 */
export * from '../../src/extensions';
export { synth, synthesizeClusters } from '../../src/pipeline/synth';
export type { SynthOptions } from '../../src/pipeline/synth';
export type { ClusterOutput } from '../../src/pipeline/synthesize-cluster';
