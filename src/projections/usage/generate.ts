import type pg from 'pg';
import type { EventStore, Position } from '../../adapters/eventstore/port.ts';
import { waitForPosition } from '../consistency.ts';
import { usageCredits } from './credits.ts';
import { usageTariffs } from './tariffs.ts';
import { usageMeter } from './usageMeter.ts';

/** The usage read models: run each with a ProjectionRunner (and include them in rebuilds). */
export const usageReadModels = [usageMeter, usageTariffs, usageCredits] as const;
export const usageReadModelNames = usageReadModels.map((m) => m.name);

/**
 * generateUsageRecords: CloudStack's asks its usage job to run now. Here records are always computed
 * from the meter up to the query's `now`, so generating means bringing the usage read models up to
 * everything recorded so far; afterwards every usage query sees all events up to `position`.
 */
export const generateUsageRecords = async (
  deps: { readonly pool: pg.Pool; readonly store: EventStore },
  { timeoutMs = 10_000 }: { readonly timeoutMs?: number } = {},
): Promise<{ readonly position: Position | null; readonly generatedAt: string }> => {
  const position = await deps.store.headPosition();
  if (position !== null) await waitForPosition(deps.pool, usageReadModelNames, position, { timeoutMs });
  return { position, generatedAt: new Date().toISOString() };
};
