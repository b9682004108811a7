export { startEmbeddedEventStore, type EmbeddedEventStore, type EmbeddedEventStoreOptions } from './embedded-eventstore.server';
export { DataDirLockedError } from './storage/data-dir.lock';
