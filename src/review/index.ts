export * from './cluster-files';
export * from './object-diff';
export * from './report';
