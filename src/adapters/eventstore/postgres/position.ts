import type { Position } from '../port.ts';

/**
 * A PostgreSQL $all position is the pair (writing transaction id, global position), the order readers
 * take events in, each part zero-padded to 20 digits (the width of 2^64) so that string order is
 * log order.
 */
export const toPosition = (txId: string, globalPosition: string): Position =>
  `${txId.padStart(20, '0')}:${globalPosition.padStart(20, '0')}`;

const positionPattern = /^(\d{20}):(\d{20})$/;

// xid8's text input reads a leading 0 as octal (and 0x as hex): hand PostgreSQL plain decimals.
const unpad = (digits: string) => digits.replace(/^0+(?=\d)/, '');

/** The (tx_id, global_position) pair of a position, as decimal text; 'start' is before every event. */
export const parsePosition = (
  position: Position | 'start',
): readonly [txId: string, globalPosition: string] => {
  if (position === 'start') return ['0', '0'];
  const match = typeof position === 'string' ? positionPattern.exec(position) : null;
  if (!match) throw new TypeError(`${String(position)} is not a position of the PostgreSQL event store`);
  return [unpad(match[1]!), unpad(match[2]!)];
};
