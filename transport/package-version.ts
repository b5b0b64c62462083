// The package's own version (package.json), read once: `cs-analytics --version` and the OpenAPI document's info.
import { readFileSync } from 'node:fs';

/** The version in package.json, found from source (transport/) and from the compiled tree (dist/transport/). */
export function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cs-analytics' && pkg.version) return pkg.version;
    } catch {
      // not at this level: try the next one up
    }
  }
  return '0.0.0';
}
