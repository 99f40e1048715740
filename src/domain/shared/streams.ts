/**
 * Stream names are `<category>-<uuid>`; a category never contains '-', so the category is the text
 * before the first '-' (EventStoreDB's $ce- rule).
 */
export const streamName = (category: string, id: string): string => {
  if (category.includes('-')) throw new Error(`stream category "${category}" must not contain '-'`);
  return `${category}-${id}`;
};

export const categoryOf = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
};

export const idOf = (stream: string): string => stream.slice(stream.indexOf('-') + 1);
