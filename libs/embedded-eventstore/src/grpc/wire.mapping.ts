import { InvalidAppendError, type ExpectedRevision, type ProposedEvent } from '../engine/append.types';
import { shared, streams } from './proto';

type Proposed = streams.AppendReq.ProposedMessage | streams.BatchAppendReq.ProposedMessage;

/** Stream names travel as bytes; the server treats them as UTF-8. */
export function streamName(id: shared.StreamIdentifier | undefined): string {
  if (!id) throw new InvalidAppendError('invalid-stream', 'Stream identifier is required');
  return Buffer.from(id.getStreamName_asU8()).toString('utf8');
}

export function streamIdentifier(name: string): shared.StreamIdentifier {
  return new shared.StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

/** UUIDs are answered as strings (the client always asks for `uuid_option.string`). */
export function uuidString(uuid: shared.UUID | undefined): string {
  if (!uuid) return '';
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const s = uuid.getStructured();
  if (!s) return '';
  const hex = (v: string): string => BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0');
  const h = hex(s.getMostSignificantBits()) + hex(s.getLeastSignificantBits());
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function uuid(value: string): shared.UUID {
  return new shared.UUID().setString(value);
}

export function proposedEvent(m: Proposed): ProposedEvent {
  const meta = m.getMetadataMap();
  return {
    id: uuidString(m.getId()),
    type: meta.get('type') ?? '',
    contentType: meta.get('content-type') ?? '',
    data: m.getData_asU8(),
    customMetadata: m.getCustomMetadata_asU8(),
  };
}

/** Parses a uint64 revision sent as a decimal string. */
export function revision(value: string): bigint {
  if (!/^\d+$/.test(value)) throw new InvalidAppendError('invalid-stream', `Invalid revision '${value}'`);
  return BigInt(value);
}

type ExpectedSource = {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
};

export function expectedRevision(o: ExpectedSource, exact: () => string): ExpectedRevision {
  if (o.hasAny()) return { kind: 'any' };
  if (o.hasNoStream()) return { kind: 'no_stream' };
  if (o.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'exact', revision: revision(exact()) };
}
