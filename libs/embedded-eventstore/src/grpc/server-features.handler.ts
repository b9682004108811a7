import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { features, type shared } from './proto';

/** Server version reported to the client; 24.x is the first line that sends `caught_up`. */
export const SERVER_VERSION = '24.10.0';

const STREAMS = 'event_store.client.streams.streams';

/** Exactly what this node implements; `batchappend` is optional so tests can force the Append path. */
export function supportedMethods(withBatchAppend: boolean): features.SupportedMethods {
  const method = (service: string, name: string, feats: string[] = []): features.SupportedMethod =>
    new features.SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList(feats);
  const methods = [
    method(STREAMS, 'read', ['position', 'events']),
    method(STREAMS, 'append'),
    method(STREAMS, 'delete'),
    method(STREAMS, 'tombstone'),
    method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
  ];
  if (withBatchAppend) methods.push(method(STREAMS, 'batchappend', ['deadline_duration']));
  return new features.SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(SERVER_VERSION);
}

export function serverFeaturesHandler(withBatchAppend: boolean) {
  const reply = supportedMethods(withBatchAppend);
  return (_call: ServerUnaryCall<shared.Empty, features.SupportedMethods>, callback: sendUnaryData<features.SupportedMethods>) =>
    callback(null, reply);
}
