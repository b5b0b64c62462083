// Named results and inputs of the router that several files of the workbench share, all taken from `AppRouter`
// through RouterOutputs / RouterInputs (a type used in one file only is named there, the same way).
import type { RouterInputs, RouterOutputs } from '../trpc.ts';

/** `stats.trend`. */
export type Trend = RouterOutputs['stats']['trend'];
/** One figure of `stats.today` or `stats.trend`, and its stable key (also its i18n key). */
export type Figure = RouterOutputs['stats']['today']['figures'][number];
export type FigureKey = Figure['key'];

/** `realtime.overview`. */
export type RealtimeOverview = RouterOutputs['realtime']['overview'];

/** `quality.summary`. */
export type QualitySummary = RouterOutputs['quality']['summary'];
/** One audit of `quality.records`. */
export type QualityAuditRecord = RouterOutputs['quality']['records']['items'][number];
/**
 * The input of `quality.records` (the procedure also takes none; the workbench always sends one). The router's
 * input type is `void | {…} | undefined`: excluding `void` also excludes `undefined` (which extends it).
 */
export type QualityRecordsInput = Exclude<RouterInputs['quality']['records'], void>;

/** `billing.usage`. */
export type BillingUsage = RouterOutputs['billing']['usage'];
