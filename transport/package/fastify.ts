// `cs-analytics/fastify`: the plugin a fastify product registers to track with `app.analytics` (and its types).
export { analyticsTrackerPlugin, type TrackerPluginOptions } from '../fastify-plugin/tracker-plugin.ts';
