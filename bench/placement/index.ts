/** `npm run bench -- placement [--hosts 5000,50000] [--decisions 20000]`: see decisions.ts. */
await import('./decisions.ts');
