// Monitoring, the live wall: overview cards, the handoff queue, channels, agents and the quota burn-down,
// polled every few seconds, with the time of the last update and a plain banner when the connection is lost.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { can, useSession } from '../../auth/session.ts';
import { TimeZoneNote } from '../../components/time-zone-note.tsx';
import { trpc } from '../../trpc.ts';
import { AgentsPanel } from './agents-panel.tsx';
import { ChannelsPanel } from './channels-panel.tsx';
import { ConnectionStatus } from './connection-status.tsx';
import { liveOptions } from './live.ts';
import { OverviewCards } from './overview-cards.tsx';
import { QueuePanel } from './queue-panel.tsx';
import { QuotaBurnDown } from './quota-burn-down.tsx';

export default function MonitoringPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const overview = useQuery({ ...trpc.realtime.overview.queryOptions(), ...liveOptions });
  const channels = useQuery({ ...trpc.realtime.channels.queryOptions(), ...liveOptions });
  const agents = useQuery({ ...trpc.realtime.agents.queryOptions(), ...liveOptions });
  const wallRef = useRef<HTMLDivElement>(null);
  const [fullScreen, setFullScreen] = useState(false);
  // `?wall=1` keeps the large wall layout without the browser's full-screen mode (a TV that opens a URL).
  const wall = fullScreen || params.get('wall') === '1';

  useEffect(() => {
    const sync = () => setFullScreen(document.fullscreenElement === wallRef.current && wallRef.current !== null);
    document.addEventListener('fullscreenchange', sync);
    return () => document.removeEventListener('fullscreenchange', sync);
  }, []);
  const toggleWall = async () => {
    if (wall) {
      if (document.fullscreenElement) await document.exitFullscreen();
      setParams((p) => {
        p.delete('wall');
        return p;
      });
      return;
    }
    try {
      await wallRef.current?.requestFullscreen();
    } catch {
      // Full screen refused (iframe, kiosk policy): the wall layout still applies.
    }
    setParams((p) => {
      p.set('wall', '1');
      return p;
    });
  };

  return (
    <div ref={wallRef} className={wall ? 'wall' : undefined} data-testid="monitoring-page">
      <div className="page">
        <div className="page-head">
          <h1>{t('monitoring.title')}</h1>
          <TimeZoneNote zone={overview.data?.timeZone} />
          <div className="page-tools">
            <ConnectionStatus queries={[overview, channels, agents]} />
            <button type="button" className="button" onClick={() => void toggleWall()} aria-pressed={wall} data-testid="wall-toggle">
              {wall ? t('monitoring.exitWall') : t('monitoring.wall')}
            </button>
          </div>
        </div>
        <ConnectionStatus queries={[overview, channels, agents]} banner />
        <OverviewCards query={overview} />
        {user && can.seeBilling(user.role) ? <QuotaBurnDown /> : null}
        <div className="grid grid-2">
          <QueuePanel query={overview} />
          <ChannelsPanel query={channels} />
        </div>
        <AgentsPanel query={agents} />
      </div>
    </div>
  );
}
