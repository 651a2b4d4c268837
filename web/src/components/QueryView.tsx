import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorBanner } from './ErrorBanner.tsx';
import { Skeleton } from './Loading.tsx';

/** The three designed states of a query: loading (skeleton after 300 ms), failed (banner with retry), loaded. */
export function QueryView<T>({
  query,
  children,
  skeleton,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
  skeleton?: ReactNode;
}) {
  if (query.isPending) return <>{skeleton ?? <Skeleton />}</>;
  if (query.isError) return <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data as T)}</>;
}
