// The library's entry point: what a TypeScript product imports to track events, and the service's building blocks.
export { AnalyticsConfig, ConfigError, type AnalyticsSettings } from './domain/config.ts';
export { FixedClock, type Clock, type IdSource } from './domain/clock.ts';
export { DomainError, TransientStoreError, PermanentStoreError } from './domain/errors.ts';
export { eventCatalog, eventNames, isEventName, type EventName, type EventData } from './domain/events/catalog.ts';
export { EventInputSchema, validateEvent, type AnalyticsEvent, type EventInput } from './domain/events/envelope.ts';
export type { EventStore, AppendResult } from './domain/events/event-store.ts';
export { localDay, dayBounds } from './domain/local-day.ts';
export type { Logger } from './domain/logger.ts';
export { AnalyticsTracker, type TrackerOptions, type TrackerPorts, type TrackerIssue, type StopReport } from './domain/tracker/tracker.ts';
export { initTracker, getTracker, stopAllTrackers } from './domain/tracker/registry.ts';
export type { TrackerStats } from './domain/tracker/tracker-stats.ts';
export type { SessionFacts, Outcome } from './domain/sessions/session-facts.ts';
export { RealtimeProjector } from './domain/realtime/realtime-projector.ts';
export type { RealtimeStore } from './domain/realtime/realtime-store.ts';
export { MemoryEventStore } from './adapters/memory/memory-event-store.ts';
export { MemoryRealtimeStore } from './adapters/memory/memory-realtime-store.ts';
export { systemClock, uuidV7Ids } from './adapters/system/system-clock.ts';
