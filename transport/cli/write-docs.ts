// `npm run docs`: writes the generated pages under docs/ (today the event catalog, from the zod schemas).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderEventCatalog } from '../../domain/events/catalog-doc.ts';

/** The generated pages: where each is written, and what renders it. */
export const generatedDocs = [{ path: fileURLToPath(new URL('../../docs/events.md', import.meta.url)), render: renderEventCatalog }] as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const doc of generatedDocs) {
    writeFileSync(doc.path, doc.render());
    console.log(`wrote ${doc.path}`);
  }
}
