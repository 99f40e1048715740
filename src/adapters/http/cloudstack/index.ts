export { apiDescriptions, commandByName, supportedCommands, supportedCommandsMarkdown } from './catalog.ts';
export { cloudStackWorkflows, createVolumeJob } from './commands/storage.ts';
export { cloudStackRouter } from './router.ts';
