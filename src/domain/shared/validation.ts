import { invalid } from './errors.ts';

/** Field checks every aggregate words its own way: each caller names its error code and message. */

/** CloudStack's name columns are VARCHAR(255). */
export const maxNameLength = 255;

/** Trims a display name and refuses an empty or over-long one. */
export const requireName = (name: string, code: string, message: string): string => {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > maxNameLength) throw invalid(code, message, { name });
  return trimmed;
};

/** Trims a free text and refuses a blank one. */
export const requireText = (
  value: string,
  code: string,
  message: string,
  details: Record<string, unknown>,
): string => {
  const trimmed = value.trim();
  if (trimmed === '') throw invalid(code, message, details);
  return trimmed;
};

export const assertPositiveInteger = (
  code: string,
  field: string,
  value: number,
  details: Record<string, unknown> = {},
  message = `${field} must be a whole number of at least 1, got ${value}`,
): void => {
  if (!Number.isSafeInteger(value) || value < 1) throw invalid(code, message, { ...details, field, value });
};
