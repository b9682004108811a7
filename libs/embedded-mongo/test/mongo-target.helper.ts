import { randomBytes } from 'node:crypto';
import { Db, MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '@app/embedded-mongo';

/** A database to test against: a real MongoDB when MONGO_URL is set, else a fresh embedded node. */
export interface MongoTarget {
  readonly uri: string;
  readonly host: string;
  readonly port: number;
  readonly client: MongoClient;
  readonly db: Db;
  readonly embedded: boolean;
  close(): Promise<void>;
}

/** Opens a uniquely named database so parallel test files never collide on a shared server. */
export async function openTarget(label: string): Promise<MongoTarget> {
  const external = process.env.MONGO_URL;
  const node = external ? undefined : await startEmbeddedMongo({ port: 0 });
  const uri = external ?? node!.uri;
  const client = await new MongoClient(uri, { serverSelectionTimeoutMS: 5000 }).connect();
  const db = client.db(`t_${label}_${randomBytes(4).toString('hex')}`);
  const url = new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:'));
  return {
    uri,
    host: url.hostname,
    port: Number(url.port || 27017),
    client,
    db,
    embedded: !external,
    async close() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      await node?.stop();
    },
  };
}
