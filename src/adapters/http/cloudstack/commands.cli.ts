import { supportedCommandsMarkdown } from './catalog.ts';

/** Prints the supported CloudStack commands as a Markdown table (the README's list). */
process.stdout.write(`${supportedCommandsMarkdown()}\n`);
