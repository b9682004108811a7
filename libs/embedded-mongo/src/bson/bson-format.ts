import type { ObjectId } from 'bson';
import { bsonType, isPlainDoc } from './bson-value';

/** Renders a value the way mongod prints keys in error messages (`{ sku: "a" }`). */
export function formatValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return v.length ? `[ ${v.map(formatValue).join(', ')} ]` : '[]';
  if (bsonType(v) === 'ObjectId') return `ObjectId('${(v as ObjectId).toHexString()}')`;
  if (isPlainDoc(v)) {
    const parts = Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return String(v);
}
