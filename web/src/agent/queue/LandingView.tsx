import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { Spinner } from '../../components/Loading.tsx';
import { useViews, viewSlug } from '../views.ts';

/**
 * /agent: the agent's pinned view, else the first view with tickets in it, else the first view.
 *
 * Navigations run in a transition, so this page can still be mounted when the views arrive after
 * the agent already clicked elsewhere (New ticket, Reports): the browser's address has moved on by
 * then, and the landing redirect must not take the agent back to a queue. It only redirects while
 * the address is still the landing page's own.
 */
export function LandingView() {
  const views = useViews();
  const navigate = useNavigate();
  const pending = views.isPending;
  const data = views.data;
  useEffect(() => {
    if (pending) return;
    if (window.location.pathname.replace(/\/+$/, '') !== '/agent') return;
    const list = data ?? [];
    const v = list.find((x) => x.pinned) ?? list.find((x) => x.count > 0) ?? list[0];
    navigate(`/agent/${v ? `queue/${viewSlug(v)}` : 'queue/mine'}`, { replace: true });
  }, [pending, data, navigate]);
  return (
    <main className="queue" id="main">
      <Spinner />
    </main>
  );
}
