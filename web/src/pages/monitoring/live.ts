// How the wall stays live: every read polls every 5 s while the tab is visible (react-query pauses hidden tabs),
// well inside the 10 s freshness promise; one failed poll is enough to say the connection is lost.
export const pollMs = 5_000;

export const liveOptions = {
  refetchInterval: pollMs,
  refetchIntervalInBackground: false,
  refetchOnWindowFocus: true,
  staleTime: 0,
  retry: 0,
} as const;
