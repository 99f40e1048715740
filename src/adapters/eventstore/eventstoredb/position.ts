import type { Position as EsdbPosition } from '@eventstore/db-client';
import type { Position } from '../port.ts';

/**
 * EventStoreDB's $all position is a pair of log offsets {commit, prepare} (sparse, increasing: never
 * subtract them). The port's opaque position keeps both, each zero-padded to 20 digits (the width of
 * an unsigned 64-bit number), so plain string order is their order: commit first, then prepare.
 */
const pattern = /^(\d{20}):(\d{20})$/;

export const toPosition = ({ commit, prepare }: EsdbPosition): Position =>
  `${commit.toString().padStart(20, '0')}:${prepare.toString().padStart(20, '0')}`;

export const fromPosition = (position: Position): EsdbPosition => {
  const match = typeof position === 'string' ? pattern.exec(position) : null;
  if (!match) throw new TypeError(`${String(position)} is not a position of the EventStoreDB event store`);
  return { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) };
};

/** Checks a read or subscription start before anything goes to the server. */
export const parseStart = (from: Position | 'start' | undefined): EsdbPosition | 'start' =>
  from === undefined || from === 'start' ? 'start' : fromPosition(from);
