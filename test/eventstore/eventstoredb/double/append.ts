import type {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
} from '@eventstore/db-client/generated/streams_pb.js';
import type { ServerDuplexStream, ServerReadableStream, ServiceError, sendUnaryData } from '@grpc/grpc-js';
import {
  expectedVersion,
  type ProposedEvent,
  sizeOnDisk,
  type TransactionLog,
  type WriteOutcome,
} from './log.ts';
import {
  googleEmpty,
  invalidArgument,
  maximumAppendSizeExceeded,
  packAny,
  requiredMetadataPropertyMissing,
  sharedPb,
  statusPb,
  streamIdentifier,
  streamNameOf,
  streamsPb,
  uuidText,
} from './protocol.ts';

type Proposed = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

/** A proposed message as the server takes it: type and content-type are required metadata. */
const proposedEvent = (message: Proposed): ProposedEvent => {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (type === undefined) throw requiredMetadataPropertyMissing('type');
  const contentType = metadata.get('content-type');
  if (contentType === undefined) throw requiredMetadataPropertyMissing('content-type');
  return {
    id: uuidText(message.getId()),
    type,
    isJson: contentType === 'application/json',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
};

const appendExpectedVersion = (options: AppendReq.Options): bigint => {
  const cases = streamsPb.AppendReq.Options.ExpectedStreamRevisionCase;
  switch (options.getExpectedStreamRevisionCase()) {
    case cases.REVISION:
      return BigInt(options.getRevision());
    case cases.NO_STREAM:
      return expectedVersion.noStream;
    case cases.STREAM_EXISTS:
      return expectedVersion.streamExists;
    case cases.ANY:
      return expectedVersion.any;
    default:
      throw invalidArgument('ExpectedStreamRevisionCase is required');
  }
};

const batchExpectedVersion = (options: BatchAppendReq.Options): bigint => {
  const cases = streamsPb.BatchAppendReq.Options.ExpectedStreamPositionCase;
  switch (options.getExpectedStreamPositionCase()) {
    case cases.STREAM_POSITION:
      return BigInt(options.getStreamPosition());
    case cases.NO_STREAM:
      return expectedVersion.noStream;
    case cases.STREAM_EXISTS:
      return expectedVersion.streamExists;
    case cases.ANY:
      return expectedVersion.any;
    default:
      throw invalidArgument('ExpectedStreamPositionCase is required');
  }
};

/** Append's answer: success, or a wrong expected version stated both ways (current and 20.6.0 fields). */
const appendResponse = (outcome: WriteOutcome, expected: bigint): AppendResp => {
  const response = new streamsPb.AppendResp();
  const empty = () => new sharedPb.Empty();
  if (outcome.kind !== 'wrongExpectedVersion') {
    const success = new streamsPb.AppendResp.Success();
    success.setCurrentRevision(outcome.lastRevision.toString());
    const position = new streamsPb.AppendResp.Position();
    position.setCommitPosition(outcome.position.toString());
    position.setPreparePosition(outcome.position.toString());
    success.setPosition(position);
    return response.setSuccess(success);
  }
  const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
  if (expected === expectedVersion.any) wrong.setExpectedAny(empty()).setAny2060(empty());
  else if (expected === expectedVersion.streamExists)
    wrong.setExpectedStreamExists(empty()).setStreamExists2060(empty());
  else if (expected === expectedVersion.noStream) wrong.setExpectedNoStream(empty());
  else wrong.setExpectedRevision(expected.toString()).setExpectedRevision2060(Number(expected));
  if (outcome.current < 0n) wrong.setCurrentNoStream(empty()).setNoStream2060(empty());
  else wrong.setCurrentRevision(outcome.current.toString()).setCurrentRevision2060(Number(outcome.current));
  return response.setWrongExpectedVersion(wrong);
};

/** A google.rpc.Status for BatchAppend's error answers, as the server's Status helpers build them. */
const status = (
  code: number,
  message: string,
  details: { serializeBinary(): Uint8Array },
  typeName: string,
) => {
  const result = new statusPb.Status();
  result.setCode(code);
  result.setMessage(message);
  result.setDetails(packAny(details, typeName));
  return result;
};

const batchResponse = (stream: string, outcome: WriteOutcome, expected: bigint): BatchAppendResp => {
  const response = new streamsPb.BatchAppendResp();
  response.setStreamIdentifier(streamIdentifier(stream));
  if (outcome.kind !== 'wrongExpectedVersion') {
    const success = new streamsPb.BatchAppendResp.Success();
    success.setCurrentRevision(outcome.lastRevision.toString());
    const position = new sharedPb.AllStreamPosition();
    position.setCommitPosition(outcome.position.toString());
    position.setPreparePosition(outcome.position.toString());
    success.setPosition(position);
    return response.setSuccess(success);
  }
  const wrong = new sharedPb.WrongExpectedVersion();
  if (outcome.current < 0n) wrong.setCurrentNoStream(googleEmpty());
  else wrong.setCurrentStreamRevision(outcome.current.toString());
  if (expected === expectedVersion.any) wrong.setExpectedAny(googleEmpty());
  else if (expected === expectedVersion.streamExists) wrong.setExpectedStreamExists(googleEmpty());
  else if (expected === expectedVersion.noStream) wrong.setExpectedNoStream(googleEmpty());
  else wrong.setExpectedStreamPosition(expected.toString());
  // code 6: ALREADY_EXISTS, as the server's Status.WrongExpectedVersion.
  return response.setError(
    status(6, 'WrongExpectedVersion', wrong, 'event_store.client.WrongExpectedVersion'),
  );
};

const maximumAppendSizeStatus = (maxAppendSize: number) => {
  const details = new sharedPb.MaximumAppendSizeExceeded();
  details.setMaxappendsize(maxAppendSize);
  // code 3: INVALID_ARGUMENT.
  return status(3, 'MaximumAppendSizeExceeded', details, 'event_store.client.MaximumAppendSizeExceeded');
};

type PendingWrite = {
  readonly stream: string;
  readonly expected: bigint;
  readonly deadline: number;
  readonly events: ProposedEvent[];
  size: number;
};

export const appendHandlers = (log: TransactionLog, maxAppendSize: number) => ({
  /** Append: one options message, then the proposed messages; one answer when the client ends. */
  append(call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: ServiceError) => {
      if (failed) return;
      failed = true;
      callback(error);
    };
    call.on('data', (request: AppendReq) => {
      if (failed) return;
      try {
        if (!options) {
          options = request.getOptions();
          if (!options) throw invalidArgument('the first message of Append must carry the options');
          return;
        }
        const message = request.getProposedMessage();
        if (!message) throw invalidArgument('every message after the options must be a proposed message');
        const event = proposedEvent(message);
        size += sizeOnDisk(event);
        if (size > maxAppendSize) throw maximumAppendSizeExceeded(maxAppendSize);
        events.push(event);
      } catch (error) {
        fail(error as ServiceError);
      }
    });
    call.on('error', () => {
      failed = true;
    });
    call.on('end', () => {
      if (failed) return;
      if (!options) return fail(invalidArgument('Append needs its options'));
      const expected = appendExpectedVersion(options);
      callback(
        null,
        appendResponse(log.write(streamNameOf(options.getStreamIdentifier()), expected, events), expected),
      );
    });
  },

  /** BatchAppend: a duplex stream of writes keyed by correlation id, each answered when it is final. */
  batchAppend(call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<string, PendingWrite>();
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = request.getCorrelationId();
      const key = uuidText(correlationId);
      const answer = (response: BatchAppendResp) => {
        response.setCorrelationId(correlationId);
        call.write(response);
      };
      const options = request.getOptions();
      if (options) {
        const deadline = options.getDeadline();
        pending.set(key, {
          stream: streamNameOf(options.getStreamIdentifier()),
          expected: batchExpectedVersion(options),
          deadline: deadline ? deadline.toDate().getTime() : Number.POSITIVE_INFINITY,
          events: [],
          size: 0,
        });
      }
      const write = pending.get(key);
      if (!write) return;
      for (const message of request.getProposedMessagesList()) {
        const event = proposedEvent(message);
        write.size += sizeOnDisk(event);
        write.events.push(event);
      }
      if (write.size > maxAppendSize) {
        pending.delete(key);
        const response = new streamsPb.BatchAppendResp();
        response.setStreamIdentifier(streamIdentifier(write.stream));
        return answer(response.setError(maximumAppendSizeStatus(maxAppendSize)));
      }
      if (!request.getIsFinal()) return;
      pending.delete(key);
      if (write.deadline <= Date.now()) {
        const response = new streamsPb.BatchAppendResp();
        response.setStreamIdentifier(streamIdentifier(write.stream));
        // code 4: DEADLINE_EXCEEDED.
        return answer(
          response.setError(status(4, 'Timeout', new sharedPb.Timeout(), 'event_store.client.Timeout')),
        );
      }
      answer(
        batchResponse(write.stream, log.write(write.stream, write.expected, write.events), write.expected),
      );
    });
    call.on('end', () => call.end());
    call.on('error', () => pending.clear());
  },
});
