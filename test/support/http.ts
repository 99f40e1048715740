/** Tests read arbitrary JSON responses and assert on their shape. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
export type Json = any;
export const json = (res: Response): Promise<Json> => res.json() as Promise<Json>;
