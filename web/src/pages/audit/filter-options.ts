// Options of the agent and channel filters: the agents and channels the service knows today, plus any value already
// chosen (a shared link may name one that is quiet today).
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../trpc.ts';
import type { AuditFilters } from './audit-filters-state.ts';

type Option = { value: string; label: string };

const withChosen = (options: Option[], chosen: readonly string[]): Option[] => {
  const known = new Set(options.map((o) => o.value));
  return [...options, ...chosen.filter((v) => !known.has(v)).map((v) => ({ value: v, label: v }))];
};

export function useFilterOptions(filters: AuditFilters): { agents: Option[]; channels: Option[] } {
  const agents = useQuery({ ...trpc.realtime.agents.queryOptions(), staleTime: 60_000 });
  const channels = useQuery({ ...trpc.realtime.channels.queryOptions(), staleTime: 60_000 });
  return {
    agents: withChosen(
      (agents.data?.agents ?? []).map((a) => ({ value: a.agentId, label: a.name ? `${a.name} (${a.agentId})` : a.agentId })),
      filters.agentId,
    ),
    channels: withChosen(
      (channels.data?.channels ?? []).map((c) => ({ value: c.channel, label: c.channel })),
      filters.channel,
    ),
  };
}
