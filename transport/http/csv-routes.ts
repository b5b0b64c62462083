// The CSV twins of the table-shaped reads (`/api/analytics/<area>/<name>.csv?<same input>&lang=`): the first page is
// the plain-JSON route's own answer (same credential, input and errors), the next pages are the same procedure called
// with the same input and the page advanced, and the rows are streamed as CSV while they are read (csv-export.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { generateOpenApiDocument } from 'trpc-to-openapi';
import { errorBody } from '../errors.ts';
import { appRouter } from '../trpc/app-router.ts';
import { createContext, type AppDeps } from '../trpc/context.ts';
import { CSV_PAGE_SIZE, csvPages, csvRefusal, csvStream, MAX_CSV_ROWS, type Page } from './csv-export.ts';
import { csvHeader, csvHeaderWordsOf, csvLangValues, type CsvHeaderWords } from './csv-labels.ts';
import { csvTables } from './csv-tables.ts';
import { errorAnswer } from './openapi-answers.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The table this request exports (`.../sessions/list.csv`) and the header's language; null for other requests. */
    csvExport: { readonly procedure: string; readonly lang: CsvHeaderWords } | null;
  }
}

type Query = Record<string, unknown>;

/** The procedure of a `<prefix>/<area>/<name>.csv` path (`sessions.list`), else undefined. */
function procedureOfCsv(req: FastifyRequest, prefix: string): string | undefined {
  const [path] = req.url.split('?', 1);
  if (!path?.endsWith('.csv')) return undefined;
  return path.slice(prefix.length + 1, -'.csv'.length).replaceAll('/', '.');
}

/** A query as trpc-to-openapi hands it to a procedure: empty values left out, a value given once as itself. */
function inputOfQuery(query: Query): Query {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, Array.isArray(v) && v.length === 1 ? v[0] : v]),
  );
}

/** Calls a query procedure by its dotted path, as this request's caller (same credential and limits as the route). */
function procedureCaller(deps: AppDeps, req: FastifyRequest, reply: FastifyReply, procedure: string) {
  const caller: unknown = appRouter.createCaller(createContext(deps)({ req, res: reply }));
  const call = procedure.split('.').reduce((at, name) => (at as Record<string, unknown>)[name], caller);
  return call as (input: Query) => Promise<unknown>;
}

/** Serves `<path>.csv` for every table of csvTables, in the plain-JSON routes' scope (`prefix` is theirs). */
export function csvRoutes(api: FastifyInstance, deps: AppDeps, prefix: string): void {
  api.decorateRequest('csvExport', null);

  // The same route, with the export's own query: `lang` read here; a paged read from page 1, the largest pages.
  api.addHook('onRequest', async (req, reply) => {
    const procedure = procedureOfCsv(req, prefix);
    if (procedure === undefined) return;
    const table = csvTables[procedure];
    if (!table || req.method !== 'GET') {
      return reply.code(404).send(errorBody('NOT_FOUND', `no CSV export at ${req.url.split('?', 1)[0]}`));
    }
    const { lang, ...query } = req.query as Query;
    const language = csvHeaderWordsOf(lang);
    if (!language) {
      const message = `one of ${csvLangValues.join(', ')} (the page's language), or none for the field names`;
      return reply.code(400).send(errorBody('BAD_REQUEST', `lang: ${message}`, [{ field: 'lang', message }]));
    }
    if (table.paged) {
      delete query.page;
      query.size = String(CSV_PAGE_SIZE);
    }
    req.query = query;
    req.csvExport = { procedure, lang: language };
    req.raw.url = req.raw.url!.replace(/\.csv(?=\?|$)/, '');
  });

  api.addHook('onSend', async (req, reply, payload) => {
    const csv = req.csvExport;
    if (!csv || reply.statusCode >= 400 || typeof payload !== 'string') return payload;
    const table = csvTables[csv.procedure]!;
    const answer = JSON.parse(payload) as Record<string, unknown>;
    const rows = (answer[table.rows] ?? []) as unknown[];
    const first: Page = { items: rows, total: table.paged ? Number(answer.total) : rows.length };
    const refusal = csvRefusal(first.total);
    if (refusal) {
      reply.code(413);
      return JSON.stringify(errorBody('PAYLOAD_TOO_LARGE', refusal));
    }
    const input = inputOfQuery(req.query as Query);
    const call = procedureCaller(deps, req, reply, csv.procedure);
    const next = async (page: number): Promise<Page> => {
      const more = (await call({ ...input, page })) as Record<string, unknown>;
      return { items: (more[table.rows] ?? []) as unknown[], total: Number(more.total) };
    };
    const batches = table.paged ? csvPages(first, { size: CSV_PAGE_SIZE, key: table.key, next }) : once(rows);
    // trpc-to-openapi's route resolves (with nothing) once it has handed the JSON over; a stream is not yet sent then,
    // and fastify would send that nothing as a second, empty answer. The reply is ours from here: fastify still
    // pipes the stream, with back-pressure, and destroys it if the client goes away.
    reply.hijack();
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${csv.procedure.replaceAll('.', '-')}.csv"`);
    return csvStream(csvHeader(csv.procedure, table.columns, csv.lang), table.columns, batches);
  });
}

async function* once(rows: readonly unknown[]): AsyncGenerator<readonly unknown[]> {
  if (rows.length > 0) yield rows;
}

type OpenApiDocument = ReturnType<typeof generateOpenApiDocument>;
type Parameter = { name?: string };

/** Adds `<path>.csv` beside the GET of every table: its input (but `page`/`size`: an export holds every page) and `lang`. */
export function withCsvTwins(doc: OpenApiDocument): OpenApiDocument {
  for (const [procedure, table] of Object.entries(csvTables)) {
    const path = `/${procedure.replaceAll('.', '/')}`;
    const get = doc.paths?.[path]?.get;
    if (!get) continue;
    const own = ((get.parameters ?? []) as Parameter[]).filter((p) => !(table.paged && (p.name === 'page' || p.name === 'size')));
    doc.paths![`${path}.csv`] = {
      get: {
        ...get,
        operationId: `${get.operationId ?? procedure}Csv`,
        summary: `${get.summary ?? procedure} (CSV)`,
        description:
          `Every row the input matches${table.paged ? ' (all pages: page and size are ignored)' : ''}, streamed as CSV: UTF-8 with a ` +
          `byte-order mark, \`${table.key}\` first, the header (in \`lang\`) even when no row matches. More than ${MAX_CSV_ROWS} rows: 413.`,
        parameters: [
          ...(own as NonNullable<typeof get.parameters>),
          {
            name: 'lang',
            in: 'query',
            required: false,
            description: "The header's language (the page's); without it the header is the JSON's field names. Values are not translated.",
            schema: { type: 'string', enum: [...csvLangValues] },
            example: csvLangValues[0],
          },
        ],
        responses: {
          ...get.responses,
          200: { description: 'The rows as CSV (text/csv; charset=utf-8, with BOM)', content: { 'text/csv': { schema: { type: 'string' } } } },
          413: errorAnswer(413, `More than ${MAX_CSV_ROWS} rows match: narrow the filters`),
        },
      },
    };
  }
  return doc;
}
