#!/usr/bin/env node
// After `tsc -b tsconfig.build.json`: tsc rewrites `./x.ts` to `./x.js` in the emitted JavaScript
// (rewriteRelativeImportExtensions) but keeps `.ts` in the declarations, which a consumer's default tsconfig rejects
// (TS5097) or resolves to nothing. Rewrite the relative specifiers of dist/**/*.d.ts the same way.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
// `from './a.ts'`, `import('./a.ts')`, `declare module '../b.ts'`: a quoted relative path ending in .ts (or .mts/.cts).
const relativeTs = /(['"])(\.\.?\/[^'"\n]*?)\.([mc]?)ts\1/g;

let rewritten = 0;
for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.d\.[mc]?ts$/.test(entry.name)) continue;
  const file = path.join(entry.parentPath ?? entry.path, entry.name);
  const text = await readFile(file, 'utf8');
  const fixed = text.replace(relativeTs, (_m, quote, stem, kind) => `${quote}${stem}.${kind}js${quote}`);
  if (fixed !== text) {
    await writeFile(file, fixed);
    rewritten++;
  }
}
if (rewritten > 0) console.log(`dts-specifiers: ${rewritten} declaration files now import .js`);
