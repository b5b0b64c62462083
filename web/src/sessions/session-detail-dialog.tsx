// One session in a dialog: its facts, outcome, audit, token cost and the timeline of its events.
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/dialog.tsx';
import { TimeZoneNote } from '../components/time-zone-note.tsx';
import { SessionDetail } from './session-detail.tsx';

export function SessionDetailDialog({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('session.title', { id: sessionId })} onClose={onClose} testId="session-dialog" actions={<TimeZoneNote />}>
      <SessionDetail sessionId={sessionId} />
    </Dialog>
  );
}
