export * from './local-date';
export * from './working-calendar';
export * from './vietnam-holidays';
