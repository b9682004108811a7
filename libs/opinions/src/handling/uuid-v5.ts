import { createHash } from 'node:crypto';

/** Namespace of every name-based id this service derives (a fixed random UUID). */
export const SERVICE_NAMESPACE = '5b0f7c62-2f0e-4c0e-9a43-8d1d6f2a9c11';

const toBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');

/** RFC 4122 name-based UUID (SHA-1, version 5): the same name in the same namespace gives the same id. */
export function uuidV5(name: string, namespace: string = SERVICE_NAMESPACE): string {
  const hash = createHash('sha1').update(toBytes(namespace)).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
