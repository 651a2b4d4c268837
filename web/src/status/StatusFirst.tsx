import { Trans } from 'react-i18next';
import { Link } from 'react-router-dom';
import { StatusBanner } from './StatusBanner.tsx';

/**
 * Seed 000: look at the status page before reporting a problem with your site. Pages where people
 * reach for support say so on every day (a line linking /status); `banner` also shows the open
 * incidents, on pages outside the portal's layout (which shows them itself).
 */
export function StatusFirst({ banner = false }: { banner?: boolean }) {
  return (
    <>
      {banner && <StatusBanner />}
      <p className="small muted" data-testid="status-first">
        <Trans i18nKey="statuspage.first" components={{ status: <Link to="/status" /> }} />
      </p>
    </>
  );
}
