export { startEmbeddedMongo } from './embedded-mongo.server';
export type { EmbeddedMongo, EmbeddedMongoOptions } from './embedded-mongo.server';
