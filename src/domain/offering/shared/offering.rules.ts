import {
  assertPositiveInteger,
  conflict,
  type DomainError,
  invalid,
  maxNameLength,
  notFound,
  requireName,
  requireText,
} from '../../shared/index.ts';

/**
 * Rules both offering aggregates share (service and disk offerings are alike in CloudStack: a name, a
 * visibility scope, storage tags, and a soft delete that leaves existing VMs and volumes on them).
 */

export const storageTypes = ['shared', 'local'] as const;
export type StorageType = (typeof storageTypes)[number];

/** Which offering the rule talks about: error codes and messages are prefixed with it. */
export type OfferingNoun = {
  readonly code: 'SERVICE_OFFERING' | 'DISK_OFFERING';
  readonly label: 'Service offering' | 'Disk offering';
};

const validateName = (name: string): string =>
  requireName(name, 'OFFERING_NAME_INVALID', `An offering name must have 1 to ${maxNameLength} characters`);

/** Display text defaults to the name, as CloudStack does since displaytext became optional. */
export const validateDescriptor = (
  name: string,
  displayText: string | undefined,
): { readonly name: string; readonly displayText: string } => {
  const trimmed = validateName(name);
  const text = displayText?.trim() ?? '';
  return { name: trimmed, displayText: text === '' ? trimmed : text };
};

/** CloudStack stores tags comma-joined, so a tag can hold no comma; duplicates are dropped, order kept. */
export const normaliseOfferingTags = (field: string, tags: readonly string[]): string[] => {
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag === '' || tag.includes(','))
      throw invalid('OFFERING_TAG_INVALID', `Each of ${field} must be a non-empty tag without commas`, {
        field,
        tag: raw,
      });
    if (!out.includes(tag)) out.push(tag);
  }
  return out;
};

/** No tenant domain ids = public; no zone ids = every zone. Ids are de-duplicated. */
export const normaliseIds = (field: 'domainIds' | 'zoneIds', ids: readonly string[]): string[] => {
  if (ids.some((id) => id.trim() === ''))
    throw invalid('OFFERING_SCOPE_INVALID', `${field} must not contain empty ids`, { field, ids });
  return [...new Set(ids)];
};

/** A custom size's optional [min, max] bounds: each a positive integer, min never above max. */
export const assertBoundsValid = (
  code: string,
  minField: string,
  min: number | null,
  maxField: string,
  max: number | null,
): void => {
  if (min !== null) assertPositiveInteger(code, minField, min);
  if (max !== null) assertPositiveInteger(code, maxField, max);
  if (min !== null && max !== null && min > max)
    throw invalid(code, `${minField} (${min}) must not be greater than ${maxField} (${max})`, {
      [minField]: min,
      [maxField]: max,
    });
};

export type BoundCheck = {
  readonly code: string;
  readonly noun: OfferingNoun;
  readonly offeringId: string;
  readonly field: string;
  readonly value: number;
  readonly min: { readonly name: string; readonly value: number | null };
  readonly max: { readonly name: string; readonly value: number | null };
};

/** Refuses a requested custom value outside the offering's bounds, naming the bound it crosses. */
export const assertWithinBounds = ({ code, noun, offeringId, field, value, min, max }: BoundCheck): void => {
  const crossed =
    min.value !== null && value < min.value
      ? { bound: min, side: 'below' }
      : max.value !== null && value > max.value
        ? { bound: max, side: 'above' }
        : null;
  if (crossed)
    throw invalid(
      code,
      `${field} ${value} is ${crossed.side} ${crossed.bound.name} ${crossed.bound.value} of ${noun.label.toLowerCase()} ${offeringId}`,
      { offeringId, field, value, bound: crossed.bound.name, limit: crossed.bound.value },
    );
};

/**
 * Lifecycle as data: which kind of command each state accepts. Removed is terminal: CloudStack marks
 * the row removed and VMs or volumes created from it keep their copy of the sizes.
 */
export type OfferingStatus = 'None' | 'Active' | 'Removed';
export const offeringLifecycle: Readonly<Record<OfferingStatus, 'create' | 'change' | 'nothing'>> = {
  None: 'create',
  Active: 'change',
  Removed: 'nothing',
};

const refusal = (noun: OfferingNoun, status: OfferingStatus, offeringId: string): DomainError =>
  status === 'None'
    ? notFound(`${noun.code}_NOT_FOUND`, `${noun.label} ${offeringId} does not exist`, { offeringId })
    : status === 'Active'
      ? conflict(`${noun.code}_ALREADY_EXISTS`, `${noun.label} ${offeringId} already exists`, { offeringId })
      : notFound(`${noun.code}_REMOVED`, `${noun.label} ${offeringId} has been deleted`, { offeringId });

export const assertAccepts = (
  noun: OfferingNoun,
  status: OfferingStatus,
  wanted: 'create' | 'change',
  offeringId: string,
): void => {
  if (offeringLifecycle[status] !== wanted) throw refusal(noun, status, offeringId);
};

/** The offering an update or a delete acts on: it must exist and not be removed. */
export const requireActiveOffering = <S extends { readonly status: OfferingStatus }>(
  noun: OfferingNoun,
  state: S,
  offeringId: string,
): Exclude<S, { readonly status: 'None' }> => {
  assertAccepts(noun, state.status, 'change', offeringId);
  return state as Exclude<S, { readonly status: 'None' }>;
};

/** The fields an update may change on either kind of offering. */
export type CommonOfferingPatch = {
  readonly name?: string;
  readonly displayText?: string;
  readonly storageTags?: readonly string[];
  readonly domainIds?: readonly string[];
  readonly zoneIds?: readonly string[];
};

const validateDisplayText = (displayText: string): string =>
  requireText(
    displayText,
    'OFFERING_DISPLAY_TEXT_INVALID',
    'A display text, when changed, must not be empty',
    { displayText },
  );

export type NormalisedCommonPatch = {
  name?: string;
  displayText?: string;
  storageTags?: string[];
  domainIds?: string[];
  zoneIds?: string[];
};

export const normaliseCommonPatch = (patch: CommonOfferingPatch): NormalisedCommonPatch => ({
  ...(patch.name !== undefined && { name: validateName(patch.name) }),
  ...(patch.displayText !== undefined && { displayText: validateDisplayText(patch.displayText) }),
  ...(patch.storageTags !== undefined && {
    storageTags: normaliseOfferingTags('storageTags', patch.storageTags),
  }),
  ...(patch.domainIds !== undefined && { domainIds: normaliseIds('domainIds', patch.domainIds) }),
  ...(patch.zoneIds !== undefined && { zoneIds: normaliseIds('zoneIds', patch.zoneIds) }),
});
