import { createRequire } from 'node:module';
import { Metadata, type ServiceError, status } from '@grpc/grpc-js';

/*
 * The wire types of EventStoreDB's gRPC protocol, as @eventstore/db-client ships them (code generated
 * from the server's .proto files). They are loaded through the client package's own require, so the
 * double and the client share one copy of google-protobuf and its message classes.
 */
const clientRequire = createRequire(createRequire(import.meta.url).resolve('@eventstore/db-client'));

export const streamsPb = clientRequire(
  '../generated/streams_pb.js',
) as typeof import('@eventstore/db-client/generated/streams_pb.js');
export const streamsGrpc = clientRequire(
  '../generated/streams_grpc_pb.js',
) as typeof import('@eventstore/db-client/generated/streams_grpc_pb.js');
export const sharedPb = clientRequire(
  '../generated/shared_pb.js',
) as typeof import('@eventstore/db-client/generated/shared_pb.js');
export const statusPb = clientRequire(
  '../generated/status_pb.js',
) as typeof import('@eventstore/db-client/generated/status_pb.js');
export const serverFeaturesPb = clientRequire(
  '../generated/serverfeatures_pb.js',
) as typeof import('@eventstore/db-client/generated/serverfeatures_pb.js');
export const serverFeaturesGrpc = clientRequire(
  '../generated/serverfeatures_grpc_pb.js',
) as typeof import('@eventstore/db-client/generated/serverfeatures_grpc_pb.js');
const anyPb = clientRequire(
  'google-protobuf/google/protobuf/any_pb.js',
) as typeof import('google-protobuf/google/protobuf/any_pb.js');
const emptyPb = clientRequire(
  'google-protobuf/google/protobuf/empty_pb.js',
) as typeof import('google-protobuf/google/protobuf/empty_pb.js');

/** google.protobuf.Empty, used by the BatchAppend messages (the others use event_store.client.Empty). */
export const googleEmpty = () => new emptyPb.Empty();

/** A protobuf Any holding `message` under EventStoreDB's type name (for google.rpc.Status details). */
export const packAny = (message: { serializeBinary(): Uint8Array }, typeName: string) => {
  const any = new anyPb.Any();
  any.pack(message.serializeBinary(), typeName);
  return any;
};

export const utf8 = (bytes: Uint8Array | string): string =>
  typeof bytes === 'string'
    ? Buffer.from(bytes, 'base64').toString('utf8')
    : Buffer.from(bytes).toString('utf8');

export const streamIdentifier = (name: string) => {
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Uint8Array.from(Buffer.from(name, 'utf8')));
  return identifier;
};

export const streamNameOf = (identifier: { getStreamName_asU8(): Uint8Array } | undefined): string =>
  identifier ? utf8(identifier.getStreamName_asU8()) : '';

/** A UUID message read as text: the client sends the string form; the structured form is two longs. */
export const uuidText = (uuid: InstanceType<typeof sharedPb.UUID> | undefined): string => {
  if (!uuid) return '';
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const structured = uuid.getStructured()!;
  const hex =
    BigInt.asUintN(64, BigInt(structured.getMostSignificantBits())).toString(16).padStart(16, '0') +
    BigInt.asUintN(64, BigInt(structured.getLeastSignificantBits())).toString(16).padStart(16, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export const uuidMessage = (id: string) => {
  const uuid = new sharedPb.UUID();
  uuid.setString(id);
  return uuid;
};

/** A gRPC error the way the server raises it: a status, a message and the `exception` trailers the
 * client turns into its typed errors. */
export const rpcError = (
  code: status,
  details: string,
  trailers: Record<string, string> = {},
): ServiceError => {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata }) as ServiceError;
};

export const maximumAppendSizeExceeded = (maxAppendSize: number) =>
  rpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(maxAppendSize),
  });

export const requiredMetadataPropertyMissing = (property: string) =>
  rpcError(status.INVALID_ARGUMENT, `Missing required property '${property}'.`, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': property,
  });

export const invalidArgument = (message: string) => rpcError(status.INVALID_ARGUMENT, message);
