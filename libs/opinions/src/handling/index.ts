export * from './aggregate-cache';
export * from './clock';
export * from './command-runner';
export * from './decide-context.token';
export * from './handling.errors';
export * from './request-context';
export * from './uuid-v5';
export * from './live-stream-view';
