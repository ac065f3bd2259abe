export * from './cluster';
export * from './load';
export * from './problems';
export * from './schema';
