import type { ComputeRequest } from '../../capacity/index.ts';
import { assertPositiveInteger, invalid } from '../../shared/index.ts';
import { assertBoundsValid, assertWithinBounds, type OfferingNoun } from '../shared/index.ts';
import type { ComputeSizing } from './serviceOffering.events.ts';

export const serviceOfferingNoun: OfferingNoun = { code: 'SERVICE_OFFERING', label: 'Service offering' };

/** Checks an offering's sizing when it is created. */
export const validateComputeSizing = (sizing: ComputeSizing, isSystem: boolean): void => {
  const code = 'SERVICE_OFFERING_SIZE_INVALID';
  if (sizing.kind === 'fixed') {
    assertPositiveInteger(code, 'cpuNumber', sizing.cpuNumber);
    assertPositiveInteger(code, 'cpuSpeedMhz', sizing.cpuSpeedMhz);
    assertPositiveInteger(code, 'memoryMiB', sizing.memoryMiB);
    return;
  }
  // System VMs are deployed by the platform itself: nobody would be there to pick their size.
  if (isSystem)
    throw invalid(
      'SERVICE_OFFERING_SYSTEM_CUSTOM',
      'A system service offering must have a fixed size (cpuNumber, cpuSpeedMhz and memoryMiB)',
    );
  if (sizing.cpuSpeedMhz !== null) assertPositiveInteger(code, 'cpuSpeedMhz', sizing.cpuSpeedMhz);
  assertBoundsValid(code, 'minCpuNumber', sizing.minCpuNumber, 'maxCpuNumber', sizing.maxCpuNumber);
  assertBoundsValid(code, 'minMemoryMiB', sizing.minMemoryMiB, 'maxMemoryMiB', sizing.maxMemoryMiB);
};

/** What resolveComputeSize needs of an offering: its id (for messages) and its sizing. */
export type SizedServiceOffering = { readonly offeringId: string; readonly sizing: ComputeSizing };

const requestFields = ['cpuNumber', 'cpuSpeedMhz', 'memoryMiB'] as const;

/**
 * The concrete size of a deploy or scale on `offering`. A fixed offering takes no size from the user
 * (values equal to its own are tolerated); a custom offering needs cpuNumber and memoryMiB within its
 * bounds, and cpuSpeedMhz unless the offering fixes the speed.
 */
export const resolveComputeSize = (
  offering: SizedServiceOffering,
  requested: Partial<ComputeRequest> = {},
): ComputeRequest => {
  const { offeringId, sizing } = offering;
  for (const field of requestFields) {
    const value = requested[field];
    if (value !== undefined) assertPositiveInteger('COMPUTE_SIZE_INVALID', field, value, { offeringId });
  }
  if (sizing.kind === 'fixed') {
    const differing = requestFields.filter((f) => requested[f] !== undefined && requested[f] !== sizing[f]);
    if (differing.length > 0)
      throw invalid(
        'COMPUTE_SIZE_NOT_CUSTOMIZABLE',
        `Service offering ${offeringId} has a fixed size; do not give ${differing.join(', ')}, or choose a custom offering`,
        { offeringId, fields: differing },
      );
    return { cpuNumber: sizing.cpuNumber, cpuSpeedMhz: sizing.cpuSpeedMhz, memoryMiB: sizing.memoryMiB };
  }

  const missing = requestFields.filter(
    (f) => requested[f] === undefined && !(f === 'cpuSpeedMhz' && sizing.cpuSpeedMhz !== null),
  );
  if (missing.length > 0)
    throw invalid(
      'COMPUTE_SIZE_REQUIRED',
      `Service offering ${offeringId} is custom: give ${missing.join(', ')}`,
      { offeringId, missing },
    );
  if (
    sizing.cpuSpeedMhz !== null &&
    requested.cpuSpeedMhz !== undefined &&
    requested.cpuSpeedMhz !== sizing.cpuSpeedMhz
  )
    throw invalid(
      'COMPUTE_SIZE_SPEED_FIXED',
      `Service offering ${offeringId} fixes the CPU speed at ${sizing.cpuSpeedMhz} MHz; do not give another cpuSpeedMhz`,
      { offeringId, cpuSpeedMhz: requested.cpuSpeedMhz, offeringCpuSpeedMhz: sizing.cpuSpeedMhz },
    );

  const size: ComputeRequest = {
    cpuNumber: requested.cpuNumber!,
    cpuSpeedMhz: sizing.cpuSpeedMhz ?? requested.cpuSpeedMhz!,
    memoryMiB: requested.memoryMiB!,
  };
  const check = { code: 'COMPUTE_SIZE_OUT_OF_BOUNDS', noun: serviceOfferingNoun, offeringId };
  assertWithinBounds({
    ...check,
    field: 'cpuNumber',
    value: size.cpuNumber,
    min: { name: 'minCpuNumber', value: sizing.minCpuNumber },
    max: { name: 'maxCpuNumber', value: sizing.maxCpuNumber },
  });
  assertWithinBounds({
    ...check,
    field: 'memoryMiB',
    value: size.memoryMiB,
    min: { name: 'minMemoryMiB', value: sizing.minMemoryMiB },
    max: { name: 'maxMemoryMiB', value: sizing.maxMemoryMiB },
  });
  return size;
};
