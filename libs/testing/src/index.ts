export * from './test-nodes';
export * from './eventually';
