import { once } from 'node:events';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb.js';
import { type ServerWritableStream, status } from '@grpc/grpc-js';
import {
  defaultAllFilter,
  type EventFilter,
  type LogPosition,
  type LogRecord,
  type TransactionLog,
} from './log.ts';
import {
  invalidArgument,
  rpcError,
  streamIdentifier,
  streamNameOf,
  streamsPb,
  uuidMessage,
} from './protocol.ts';
import { readBatchSize, runAllSubscription } from './subscription.ts';

type Call = ServerWritableStream<ReadReq, ReadResp>;
const Options = streamsPb.ReadReq.Options;

const recordedEvent = (record: LogRecord) => {
  const event = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  event.setId(uuidMessage(record.id));
  event.setStreamIdentifier(streamIdentifier(record.stream));
  event.setStreamRevision(record.revision.toString());
  event.setCommitPosition(record.logPosition.toString());
  event.setPreparePosition(record.logPosition.toString());
  const metadata = event.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('created', record.created.toString());
  metadata.set('content-type', record.isJson ? 'application/json' : 'application/octet-stream');
  event.setData(record.data);
  event.setCustomMetadata(record.metadata);
  return event;
};

const eventResponse = (record: LogRecord) => {
  const read = new streamsPb.ReadResp.ReadEvent();
  read.setEvent(recordedEvent(record));
  read.setCommitPosition(record.logPosition.toString());
  return new streamsPb.ReadResp().setEvent(read);
};

const positionResponse = (position: LogPosition) => {
  const checkpoint = new streamsPb.ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.commit.toString());
  checkpoint.setPreparePosition(position.prepare.toString());
  return new streamsPb.ReadResp().setCheckpoint(checkpoint);
};

/** Writes with back-pressure, as the server awaits each WriteAsync. */
const send = async (call: Call, response: ReadResp) => {
  if (!call.write(response)) await Promise.race([once(call, 'drain'), once(call, 'close')]);
};

const regexFilter = (pattern: string): RegExp => {
  try {
    return new RegExp(pattern);
  } catch {
    throw invalidArgument(`invalid filter regex ${pattern}`);
  }
};

/** The server's EventFilter for a subscription to $all: the default $all filter and then the expression. */
const eventFilterOf = (filter: ReadReq.Options.FilterOptions): EventFilter => {
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  if (!expression) throw invalidArgument('a filter needs a stream identifier or an event type expression');
  const field = (record: LogRecord) => (onStream ? record.stream : record.type);
  const regex = expression.getRegex();
  const prefixes = expression.getPrefixList();
  const pattern = regex ? regexFilter(regex) : undefined;
  const matches = pattern
    ? (value: string) => pattern.test(value)
    : (value: string) => prefixes.some((prefix) => value.startsWith(prefix));
  return (record) => defaultAllFilter(record) && matches(field(record));
};

const allPosition = (options: ReadReq.Options.AllOptions): 'start' | 'end' | LogPosition => {
  const cases = Options.AllOptions.AllOptionCase;
  switch (options.getAllOptionCase()) {
    case cases.START:
      return 'start';
    case cases.END:
      return 'end';
    case cases.POSITION: {
      const position = options.getPosition()!;
      return { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) };
    }
    default:
      throw invalidArgument('AllOptionCase is required');
  }
};

const readStream = async (call: Call, log: TransactionLog, options: ReadReq.Options) => {
  const stream = options.getStream()!;
  const name = streamNameOf(stream.getStreamIdentifier());
  const records = log.readStream(name);
  if (!records) {
    const notFound = new streamsPb.ReadResp.StreamNotFound();
    notFound.setStreamIdentifier(streamIdentifier(name));
    return send(call, new streamsPb.ReadResp().setStreamNotFound(notFound));
  }
  const backwards = options.getReadDirection() === Options.ReadDirection.BACKWARDS;
  const cases = Options.StreamOptions.RevisionOptionCase;
  const last = records.length - 1;
  const revisionCase = stream.getRevisionOptionCase();
  const from =
    revisionCase === cases.START
      ? 0
      : revisionCase === cases.END
        ? backwards
          ? last
          : records.length
        : Math.min(Number(BigInt(stream.getRevision())), backwards ? last : records.length);
  let remaining = BigInt(options.getCount());
  for (
    let index = from;
    remaining > 0n && index >= 0 && index < records.length;
    index += backwards ? -1 : 1
  ) {
    remaining -= 1n;
    await send(call, eventResponse(records[index]!));
  }
};

const readAll = async (call: Call, log: TransactionLog, options: ReadReq.Options) => {
  const start = allPosition(options.getAll()!);
  let remaining = Number(BigInt(options.getCount()));
  if (options.getReadDirection() === Options.ReadDirection.BACKWARDS) {
    // Reading $all backwards from a position returns what lies strictly before it.
    for (const record of log.readAllBackward(
      start === 'start' ? { commit: 0n, prepare: 0n } : start,
      remaining,
      defaultAllFilter,
    ))
      await send(call, eventResponse(record));
    return;
  }
  if (start === 'end') return;
  // Forwards from a position, inclusive, a page at a time.
  let from = start === 'start' ? { commit: 0n, prepare: 0n } : start;
  while (remaining > 0 && !call.cancelled) {
    const page = log.readAllForward(
      from,
      Math.min(readBatchSize, remaining),
      readBatchSize,
      defaultAllFilter,
    );
    for (const record of page.records) await send(call, eventResponse(record));
    remaining -= page.records.length;
    if (page.isEndOfStream) return;
    from = page.nextPos;
  }
};

const subscribeToAll = async (
  call: Call,
  log: TransactionLog,
  options: ReadReq.Options,
  onFellBehind: () => void,
) => {
  const filter = options.hasFilter() ? options.getFilter()! : undefined;
  const maxSearchWindow = filter?.hasMax() ? filter.getMax() : readBatchSize;
  const ended = new Promise<void>((resolve) => {
    call.on('cancelled', resolve);
    call.on('close', resolve);
    call.on('error', resolve);
  });
  let isEnded = false;
  ended.then(() => {
    isEnded = true;
  });
  await runAllSubscription(
    log,
    {
      start: allPosition(options.getAll()!),
      filter: filter ? eventFilterOf(filter) : defaultAllFilter,
      checkpointInterval: filter
        ? Math.max(1, filter.getCheckpointintervalmultiplier()) * maxSearchWindow
        : null,
      maxSearchWindow,
      onFellBehind,
    },
    {
      confirmed: (id) => {
        const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation();
        confirmation.setSubscriptionId(id);
        return send(call, new streamsPb.ReadResp().setConfirmation(confirmation));
      },
      event: (record) => send(call, eventResponse(record)),
      checkpoint: (position) => send(call, positionResponse(position)),
      caughtUp: () => send(call, new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp())),
      ended,
      isEnded: () => isEnded || call.cancelled,
    },
  );
};

/** Streams.Read: reads of a stream or of $all, and subscriptions to $all. */
export const readHandler = async (
  log: TransactionLog,
  call: Call,
  onFellBehind: () => void = () => {},
): Promise<void> => {
  try {
    const options = call.request.getOptions();
    if (!options?.getUuidOption()) throw invalidArgument('uuidOption is required');
    const subscription = options.getCountOptionCase() === Options.CountOptionCase.SUBSCRIPTION;
    const onAll = options.getStreamOptionCase() === Options.StreamOptionCase.ALL;
    if (subscription && !onAll)
      throw rpcError(status.UNIMPLEMENTED, 'the double has no stream subscriptions');
    if (!subscription && options.hasFilter())
      throw rpcError(
        status.UNIMPLEMENTED,
        'the double has no filtered reads (the client does not send them)',
      );
    if (subscription) await subscribeToAll(call, log, options, onFellBehind);
    else if (onAll) await readAll(call, log, options);
    else await readStream(call, log, options);
    if (!call.cancelled) call.end();
  } catch (error) {
    if (!call.cancelled) call.destroy(error as Error);
  }
};
