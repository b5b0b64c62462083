#!/usr/bin/env node
// The cs-analytics command: TypeScript sources run through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../transport/cli/main.ts');
