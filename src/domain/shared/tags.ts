/** Host and storage tags compare as sets: trimmed, empty ones dropped, duplicates removed, sorted for stable events. */
export const normaliseTags = (tags: readonly string[]): string[] =>
  [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))].sort();

export const sameTags = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((tag, i) => tag === b[i]);
