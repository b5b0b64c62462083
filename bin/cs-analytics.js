#!/usr/bin/env node
// The cs-analytics command: runs the compiled JavaScript of dist/ (`npm run build`); no TypeScript at run time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/transport/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error('cs-analytics: dist/ is not built: run `npm run build` first');
  process.exit(1);
}
await import(main.href);
