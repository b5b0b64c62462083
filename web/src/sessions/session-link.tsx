// A session id that opens the session's timeline.
import { useOpenSession } from './use-drill.ts';

export function SessionLink({ sessionId }: { sessionId: string }) {
  const openSession = useOpenSession();
  return (
    <button type="button" className="link" onClick={() => openSession(sessionId)}>
      {sessionId}
    </button>
  );
}
