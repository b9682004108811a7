// The node serves the service definitions the client ships, so both sides share one schema.
export * as streams from '@eventstore/db-client/generated/streams_pb';
export * as shared from '@eventstore/db-client/generated/shared_pb';
export * as status from '@eventstore/db-client/generated/status_pb';
export * as features from '@eventstore/db-client/generated/serverfeatures_pb';
export { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
export { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
export { Any } from 'google-protobuf/google/protobuf/any_pb';
export { Empty as ProtoEmpty } from 'google-protobuf/google/protobuf/empty_pb';
