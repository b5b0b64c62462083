// The drill-down dialogs: the sessions behind a clicked count, and one session's timeline.
import { useSearchParams } from 'react-router';
import { readDrill } from './use-drill.ts';
import { SessionDetailDialog } from './session-detail-dialog.tsx';
import { SessionListDialog } from './session-list-dialog.tsx';

export function SessionDrill() {
  const [params, setParams] = useSearchParams();
  const sessionId = params.get('session');
  const filter = readDrill(params);
  const close = (...keys: string[]) =>
    setParams((p) => {
      for (const key of keys) p.delete(key);
      return p;
    });
  if (sessionId) return <SessionDetailDialog sessionId={sessionId} onClose={() => close('session')} />;
  if (filter) {
    return (
      <SessionListDialog
        filter={filter}
        title={params.get('drillTitle') ?? ''}
        page={Number(params.get('drillPage') ?? '1') || 1}
        onPage={(page) =>
          setParams((p) => {
            p.set('drillPage', String(page));
            return p;
          })
        }
        onClose={() => close('drill', 'drillTitle', 'drillPage')}
      />
    );
  }
  return null;
}
