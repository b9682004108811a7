export * from './unit';
export * from './directory';
export * from './directory.errors';
export * from './demo-directory';
export * from './calendar';
