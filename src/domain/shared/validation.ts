import { invalid } from '../../shared/index.ts';

/** Field checks shared by the offering and image aggregates; each caller names its own error code. */

export const nameMaxLength = 255;

export const validateName = (
  name: string,
  code = 'OFFERING_NAME_INVALID',
  what = 'An offering name',
): string => {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > nameMaxLength)
    throw invalid(code, `${what} must have 1 to ${nameMaxLength} characters`, { name });
  return trimmed;
};

export const assertPositiveInteger = (
  code: string,
  field: string,
  value: number,
  details: Record<string, unknown> = {},
): void => {
  if (!Number.isSafeInteger(value) || value < 1)
    throw invalid(code, `${field} must be a whole number of at least 1, got ${value}`, {
      ...details,
      field,
      value,
    });
};
