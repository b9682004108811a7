export * from './event-metadata';
export * from './event-store';
export * from './eventstore.errors';
export * from './catch-up-subscription';
export * from './eventstore.module';
export * from './append-thread';
export * from './worker-thread';
