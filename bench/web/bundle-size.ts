// The workbench's production bundle, measured: gzip bytes of the JS each page needs before its first figure
// (entry + static imports + the page's own chunk), and with its lazily loaded charts; react + react-dom alone are
// the baseline in the same run. Target: first-page JS < 300 KB gzip.
// Run: npx tsx bench/web/bundle-size.ts
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Manifest } from 'vite';

const targetKb = 300;
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** Builds the workbench into a temporary folder with a manifest (web/dist is left alone). */
async function buildWithManifest(outDir: string): Promise<Manifest> {
  await build({ configFile: 'web/vite.config.ts', logLevel: 'silent', build: { outDir, manifest: true, emptyOutDir: true } });
  return JSON.parse(await readFile(join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
}

/** Every chunk a manifest entry loads statically (itself included). */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) staticClosure(manifest, dep, seen);
  return seen;
}

async function gzipBytes(outDir: string, manifest: Manifest, keys: Iterable<string>): Promise<number> {
  let total = 0;
  for (const key of keys) {
    const file = manifest[key]?.file;
    if (file?.endsWith('.js')) total += gzipSync(await readFile(join(outDir, file)), { level: 9 }).length;
  }
  return total;
}

/** react + react-dom bundled alone (the least any React page ships), for the ratio. */
async function baselineBytes(dir: string): Promise<number> {
  const entry = join(dir, 'baseline.js');
  await writeFile(
    entry,
    "import { createRoot } from 'react-dom/client'; import { createElement } from 'react';\ncreateRoot(document.body).render(createElement('p', null, 'x'));\n",
  );
  const out = join(dir, 'baseline-out');
  await build({
    configFile: false,
    root: dir,
    logLevel: 'silent',
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    resolve: { alias: { react: join(process.cwd(), 'node_modules/react'), 'react-dom': join(process.cwd(), 'node_modules/react-dom') } },
    build: { outDir: out, emptyOutDir: true, lib: { entry, formats: ['es'], fileName: 'baseline' }, minify: true },
  });
  const file = (await readdir(out)).find((f) => /\.m?js$/.test(f));
  if (!file) throw new Error('the baseline build wrote no JS');
  return gzipSync(await readFile(join(out, file)), { level: 9 }).length;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'cs-web-bench-'));
  try {
    const outDir = join(dir, 'dist');
    const manifest = await buildWithManifest(outDir);
    const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
    if (!entry) throw new Error('no entry in the manifest');
    const shell = staticClosure(manifest, entry);
    const shellBytes = await gzipBytes(outDir, manifest, shell);
    const baseline = await baselineBytes(dir);
    const pages = Object.keys(manifest).filter((k) => /pages\/\w+\/[\w-]+-page\.tsx$/.test(k));
    console.log(`baseline (react + react-dom alone): ${kb(baseline)} KB gzip`);
    console.log(`shell (entry, router, i18n, tRPC, sign-in): ${kb(shellBytes)} KB gzip (${(shellBytes / baseline).toFixed(2)}x baseline)`);
    console.log('page | first-page JS (gzip) | x baseline | with lazy charts | target');
    for (const page of pages) {
      const own = [...staticClosure(manifest, page)].filter((k) => !shell.has(k));
      const first = shellBytes + (await gzipBytes(outDir, manifest, own));
      const lazy = new Set<string>();
      for (const k of [...shell, ...own])
        for (const d of manifest[k]?.dynamicImports ?? []) if (!/-page\.tsx$/.test(d)) staticClosure(manifest, d, lazy);
      const withCharts =
        first +
        (await gzipBytes(
          outDir,
          manifest,
          [...lazy].filter((k) => !shell.has(k) && !own.includes(k)),
        ));
      const name = page.replace(/.*\/([\w-]+)-page\.tsx$/, '$1');
      console.log(
        `${name} | ${kb(first)} KB | ${(first / baseline).toFixed(2)}x | ${kb(withCharts)} KB | ${first < targetKb * 1024 ? 'PASS' : 'FAIL'} (< ${targetKb} KB)`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
