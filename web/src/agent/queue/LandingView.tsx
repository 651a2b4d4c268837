import { Navigate } from 'react-router-dom';
import { Spinner } from '../../components/Loading.tsx';
import { useViews, viewSlug } from '../views.ts';

/** /agent: the agent's pinned view, else the first view with tickets in it, else the first view. */
export function LandingView() {
  const views = useViews();
  if (views.isPending)
    return (
      <main className="queue" id="main">
        <Spinner />
      </main>
    );
  const list = views.data ?? [];
  const v = list.find((x) => x.pinned) ?? list.find((x) => x.count > 0) ?? list[0];
  return <Navigate to={v ? `queue/${viewSlug(v)}` : 'queue/mine'} replace />;
}
