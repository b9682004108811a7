import { deserialize, serialize } from 'bson';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Doc } from '../bson/bson-value';
import { CatalogStore } from './catalog.store';
import { rawForInsert } from '../bson/raw-doc';
import { CollectionStore } from './collection.store';
import { IndexSpec } from './index.store';

const FILE = 'embedded-mongo.snapshot';
const KIND_COLLECTION = 1;
const KIND_DOCUMENT = 2;

/**
 * Writes every collection to `<dataDir>/embedded-mongo.snapshot`: a stream of
 * (kind byte, BSON document) records. Written to a temp file, fsynced, then renamed,
 * so a crash mid-write leaves the previous snapshot intact.
 */
export function saveSnapshot(catalog: CatalogStore, dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const target = path.join(dataDir, FILE);
  const tmp = `${target}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    const chunks: Buffer[] = [];
    let pending = 0;
    const flush = () => {
      if (chunks.length) fs.writeSync(fd, Buffer.concat(chunks));
      chunks.length = 0;
      pending = 0;
    };
    const push = (kind: number, doc: Doc | Buffer) => {
      const bytes = doc instanceof Uint8Array ? doc : serialize(doc, { checkKeys: false });
      chunks.push(Buffer.from([kind]), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
      pending += bytes.length + 1;
      if (pending > 4 * 1024 * 1024) flush();
    };
    for (const coll of catalog.all()) {
      push(KIND_COLLECTION, { db: coll.db, name: coll.name, options: coll.options, indexes: coll.indexes.map((i) => i.spec) });
      for (const doc of coll.docs.stored()) push(KIND_DOCUMENT, doc);
    }
    flush();
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
  const dirFd = fs.openSync(dataDir, 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}

/** Loads the snapshot in `dataDir` into `catalog`; a missing file means an empty node. */
export function loadSnapshot(catalog: CatalogStore, dataDir: string): void {
  const file = path.join(dataDir, FILE);
  if (!fs.existsSync(file)) return;
  const buf = fs.readFileSync(file);
  let coll: CollectionStore | undefined;
  let off = 0;
  while (off < buf.length) {
    const kind = buf[off];
    const size = buf.readInt32LE(off + 1);
    const bytes = buf.subarray(off + 1, off + 1 + size);
    off += 1 + size;
    if (kind === KIND_DOCUMENT && coll) {
      // Documents stay BSON until read, as inserted ones do (insertRaw keeps a copy, not the file).
      const raw = rawForInsert(bytes);
      if (raw) coll.insertRaw(raw);
      else coll.insert(deserialize(bytes));
      continue;
    }
    const doc = deserialize(bytes);
    if (kind === KIND_COLLECTION) {
      coll = new CollectionStore(doc.db, doc.name, doc.options ?? {});
      catalog.add(coll);
      for (const spec of doc.indexes as IndexSpec[]) coll.createIndex(spec);
    } else {
      throw new Error(`corrupt snapshot ${file} at byte ${off}`);
    }
  }
}
