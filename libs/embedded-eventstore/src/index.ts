export { startEmbeddedEventStore, type EmbeddedEventStore, type EmbeddedEventStoreOptions } from './embedded-eventstore.server';
