export * from './test-nodes';
