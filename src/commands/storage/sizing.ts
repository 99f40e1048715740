import type { Volume } from '../../domain/volume/index.ts';
import type { WorkflowTools } from '../jobs/workflow.ts';
import { commitQuota, releaseQuota, reserveQuota } from '../quota/index.ts';
import { giveBackQuota, quotaScopesOf, quotaSteps, stepExec } from './exec.ts';
import {
  commitStorage,
  releaseStorage,
  reserveOnFirstPool,
  resizeHolderId,
  type StorageHold,
} from './pools.ts';
import { compensate } from './requests.ts';

/**
 * Runs `change`, which leaves `volume` at `newSizeBytes` (a resize, a revert to an older size).
 * Growing reserves the extra primary_storage quota and pool bytes first, commits them after, and
 * releases them if anything fails; shrinking gives the quota back once done. The pool keeps a
 * shrunk volume's larger allocation until the volume is expunged: its ledger holds one base
 * reservation per volume (plus growth deltas) and can't shrink one in place.
 */
export const withSizeChange = async <T>(
  tools: WorkflowTools,
  volume: Volume,
  newSizeBytes: number,
  change: () => Promise<T>,
): Promise<T> => {
  const { bus, job } = tools;
  const exec = stepExec(tools);
  const delta = newSizeBytes - volume.sizeBytes;
  const now = tools.now();
  const quotaDeps = quotaSteps(exec, job.jobId, now);
  const quota =
    delta > 0
      ? await reserveQuota(
          quotaDeps,
          await quotaScopesOf(bus, volume),
          'grow',
          { primary_storage: delta },
          quotaDeps.expiresAt,
        )
      : null;
  let storage: StorageHold | null = null;
  let result: T;
  try {
    if (delta > 0 && volume.poolId !== null) {
      const holderId = resizeHolderId(volume.volumeId, job.jobId);
      storage = await reserveOnFirstPool(exec, {
        poolIds: [volume.poolId],
        holderId,
        reservationId: holderId,
        sizeBytes: delta,
        now,
      });
    }
    result = await change();
    if (storage) await commitStorage(exec, storage);
    if (quota) await commitQuota(quotaDeps, quota);
  } catch (e) {
    const held = storage;
    return compensate(
      e,
      async () => {
        if (held) await releaseStorage(exec, held);
      },
      async () => {
        if (quota) await releaseQuota(quotaDeps, quota);
      },
    );
  }
  if (delta < 0) await giveBackQuota(quotaDeps, bus, volume, 'shrink', { primary_storage: -delta });
  return result;
};
