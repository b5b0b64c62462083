#!/usr/bin/env node
// The cs-analytics command on its TypeScript sources through tsx, for development and tests (no build step);
// not shipped. Production runs bin/cs-analytics.js (compiled dist/).
import { register } from 'tsx/esm/api';

register();
await import('../transport/cli/main.ts');
