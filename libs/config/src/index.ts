export * from './app.config';
export * from './infrastructure';
