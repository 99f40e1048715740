import net from 'node:net';
import type {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb.js';
import {
  Server,
  ServerCredentials,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerWritableStream,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { appendHandlers } from './append.ts';
import { type LogRecord, type ProposedEvent, TransactionLog } from './log.ts';
import { serverFeaturesGrpc, serverFeaturesPb, streamsGrpc } from './protocol.ts';
import { readHandler } from './read.ts';

export type EventStoreDbDoubleOptions = {
  /** The server's MaxAppendSize (bytes of data, metadata and twice the type, per append). */
  readonly maxAppendSize?: number;
  /** Committed event ids the server remembers for `any` idempotency. */
  readonly idempotencyCacheSize?: number;
  /**
   * Behave like a server before 21.10: no ServerFeatures service and no BatchAppend, so the client
   * appends with the unary-stream Append call.
   */
  readonly legacy?: boolean;
};

export type EventStoreDbDouble = {
  /** esdb:// connection string to give the client (insecure: the double speaks plain HTTP/2). */
  readonly connectionString: string;
  readonly log: TransactionLog;
  /** Appends to a system ($) stream, as the server's own services do (stats, settings, users). */
  appendSystemEvent(stream: string, type: string, data?: unknown): LogRecord;
  /** Cuts every open client connection, like a network failure or a node restart. */
  dropConnections(): void;
  /** Refuses new connections (cutting the open ones) until `acceptConnections`. */
  refuseConnections(): void;
  acceptConnections(): void;
  /** Connections cut or refused so far. */
  readonly droppedConnections: () => number;
  /** Calls received per gRPC method (Read, Append, BatchAppend, GetSupportedMethods), and FellBehind:
   * how often a subscription fell behind its live buffer. */
  readonly calls: Readonly<Record<string, number>>;
  close(): Promise<void>;
};

const jsonBytes = (value: unknown) => Uint8Array.from(Buffer.from(JSON.stringify(value)));

/** What a fresh node has written before any client connects: events in system streams. */
const seedSystemEvents = (log: TransactionLog) => {
  log.write('$settings', -1n, [
    {
      id: '8a3e2c5c-1b7f-4f0e-9d6b-0e1d5c3b2a41',
      type: 'update-default-acl',
      isJson: true,
      data: jsonBytes({ $userStreamAcl: { $r: '$all' }, $systemStreamAcl: { $r: '$admins' } }),
      metadata: new Uint8Array(),
    },
  ]);
  log.write('$user-admin', -1n, [
    {
      id: '3f9b7a0e-5c2d-4e8f-a1b6-7d4c2e9f0a13',
      type: '$user',
      isJson: true,
      data: jsonBytes({ loginName: 'admin', fullName: 'Event Store Administrator', groups: ['$admins'] }),
      metadata: new Uint8Array(),
    },
  ]);
};

const serverVersion = '24.10.0';

const supportedMethods = () => {
  const methods = ['read', 'append', 'batchappend'].map((name) => {
    const method = new serverFeaturesPb.SupportedMethod();
    method.setServiceName('event_store.client.streams.streams');
    method.setMethodName(name);
    return method;
  });
  const supported = new serverFeaturesPb.SupportedMethods();
  supported.setEventStoreServerVersion(serverVersion);
  supported.setMethodsList(methods);
  return supported;
};

/**
 * A protocol double of EventStoreDB for tests: an in-process gRPC server that implements the part of
 * the streams protocol @eventstore/db-client uses (Append, BatchAppend, Read of a stream and of $all,
 * subscriptions to $all with filters and checkpoints, and ServerFeatures), with the server's documented
 * semantics. It is not a database: one process, memory only, no ACLs, no clustering, no projections,
 * no deletes, no persistent subscriptions, no regex dialect beyond what JavaScript shares with .NET.
 * Clients reach it through a TCP front that tests can cut to simulate network failures.
 */
export const startEventStoreDbDouble = async (
  options: EventStoreDbDoubleOptions = {},
): Promise<EventStoreDbDouble> => {
  const log = new TransactionLog(options);
  seedSystemEvents(log);
  const server = new Server();
  const append = appendHandlers(log, options.maxAppendSize ?? 1_048_576);
  const calls: Record<string, number> = {};
  const counted =
    <A extends unknown[]>(method: string, handler: (...args: A) => unknown) =>
    (...args: A) => {
      calls[method] = (calls[method] ?? 0) + 1;
      return handler(...args);
    };
  const streams = {
    read: counted('Read', (call: ServerWritableStream<ReadReq, ReadResp>) =>
      readHandler(log, call, () => {
        calls.FellBehind = (calls.FellBehind ?? 0) + 1;
      }),
    ),
    append: counted(
      'Append',
      (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) =>
        append.append(call, callback),
    ),
    ...(options.legacy
      ? {}
      : {
          batchAppend: counted('BatchAppend', (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) =>
            append.batchAppend(call),
          ),
        }),
  };
  server.addService(streamsGrpc.StreamsService, streams as unknown as UntypedServiceImplementation);
  if (!options.legacy) {
    const features = {
      getSupportedMethods: counted(
        'GetSupportedMethods',
        (_call: unknown, callback: sendUnaryData<unknown>) => callback(null, supportedMethods()),
      ),
    };
    server.addService(
      serverFeaturesGrpc.ServerFeaturesService,
      features as unknown as UntypedServiceImplementation,
    );
  }
  const grpcPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) =>
      error ? reject(error) : resolve(port),
    ),
  );

  // The TCP front: every client connection is piped to the gRPC server through here, so a test can
  // cut it the way a network or a restarting node would.
  const sockets = new Set<net.Socket>();
  let refusing = false;
  let dropped = 0;
  const front = net.createServer((client) => {
    if (refusing) {
      dropped += 1;
      client.destroy();
      return;
    }
    const upstream = net.connect(grpcPort, '127.0.0.1');
    const cut = () => {
      for (const socket of [client, upstream]) {
        socket.destroy();
        sockets.delete(socket);
      }
    };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', cut);
      socket.on('close', cut);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const frontPort = (front.address() as net.AddressInfo).port;
  const dropConnections = () => {
    if (sockets.size > 0) dropped += 1;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };

  return {
    connectionString: `esdb://127.0.0.1:${frontPort}?tls=false`,
    log,
    appendSystemEvent(stream, type, data = {}) {
      const event: ProposedEvent = {
        id: crypto.randomUUID(),
        type,
        isJson: true,
        data: jsonBytes(data),
        metadata: new Uint8Array(),
      };
      log.write(stream, -2n, [event]);
      return log.readStream(stream)!.at(-1)!;
    },
    dropConnections,
    refuseConnections() {
      refusing = true;
      dropConnections();
    },
    acceptConnections() {
      refusing = false;
    },
    droppedConnections: () => dropped,
    calls,
    async close() {
      dropConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
      server.forceShutdown();
    },
  };
};
