// The library's entry point (`cs-analytics`): everything of `cs-analytics/tracker` and `cs-analytics/fastify`, plus
// the service's building blocks a product may run in its own process: the use cases and their result models.
export * from './transport/package/tracker.ts';
export * from './transport/package/fastify.ts';
export { trackerPorts } from './transport/fastify-plugin/service-ports.ts';
export { localDay, dayBounds } from './domain/local-day.ts';
export type { SessionFacts, Outcome } from './domain/sessions/session-facts.ts';
export { RealtimeProjector } from './domain/realtime/realtime-projector.ts';
export type { RealtimeStore } from './domain/realtime/realtime-store.ts';
export { MemoryEventStore } from './adapters/memory/events/memory-event-store.ts';
export { MemoryRealtimeStore } from './adapters/memory/realtime/memory-realtime-store.ts';

// Use cases: each takes its ports (stores, clock) and answers with the result models below.
export { RealtimeStats, type RealtimeStatsPorts } from './domain/realtime/realtime-stats.ts';
export { DashboardStats, type DashboardStatsPorts } from './domain/stats/dashboard-stats.ts';
export { QualityAuditService, type QualityPorts, type Reviewer } from './domain/quality/quality-audit-service.ts';
export { BillingStats, type BillingStatsPorts } from './domain/billing/billing-stats.ts';
export * from './domain/realtime/models.ts';
export * from './domain/stats/models.ts';
export * from './domain/quality/models.ts';
export * from './domain/billing/models.ts';
