/**
 * The extension point: charts of your own beside hanok's layers. The package's entry point (src/index.ts) exports
 * this with the pipeline that runs extensions and the constructs extension charts are built from.
 */
export { defineExtension, LAYER_NAMES } from './extension';
export type { ExtensionContext, ExtensionDefinition, HanokExtension, LayerName } from './extension';
export { loadExtensionModule } from './load-extensions';
