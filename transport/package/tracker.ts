// `cs-analytics/tracker`: what a product needs to send events to a running service — the tracker, its HTTP
// transport, the event catalog and the typed helpers. Nothing of the server: no database driver, no fastify, no tRPC
// (test/package/tracker-graph.test.ts walks this module's imports to keep it so).
export { AnalyticsConfig, ConfigError, type AnalyticsSettings, type Environment } from '../../domain/config.ts';
export { FixedClock, type Clock, type IdSource } from '../../domain/clock.ts';
export { DomainError, TransientStoreError, PermanentStoreError } from '../../domain/errors.ts';
export { eventCatalog, eventNames, isEventName, agentStatuses, endReasons, type EventName, type EventData } from '../../domain/events/catalog.ts';
export { EventInputSchema, validateEvent, type AnalyticsEvent, type EventInput } from '../../domain/events/envelope.ts';
export type { EventStore, AppendResult } from '../../domain/events/event-store.ts';
export type { Logger } from '../../domain/logger.ts';
export {
  AnalyticsTracker,
  type TrackerPorts,
  type TrackerIssue,
  type StopReport,
  type TrackEnvelope,
  type RealtimeSink,
  type TrackerEventStore,
  type TrackerAppendResult,
} from '../../domain/tracker/tracker.ts';
export { defaultTrackerOptions, type OverflowPolicy, type TrackerOptions, type TrackerInit } from '../../domain/tracker/tracker-options.ts';
export { dropReasons, type DropReason, type TrackerStats } from '../../domain/tracker/tracker-stats.ts';
export { getTracker, stopAllTrackers } from '../../domain/tracker/registry.ts';
export { TypedEvents, type CommonFields, type EventFields, type EventSink, type RequiredEnvelope } from '../../domain/tracker/typed-events.ts';
export { initTracker, type RemoteTrackerInit } from '../fastify-plugin/product-tracker.ts';
export { HttpEventStore, MAX_BATCH_EVENTS, type HttpEventStoreOptions } from '../../adapters/http/http-event-store.ts';
export { systemClock, uuidV7Ids } from '../../adapters/system/system-clock.ts';
