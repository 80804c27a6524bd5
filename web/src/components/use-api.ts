import { useCallback, useEffect, useRef, useState } from 'react';
import { callApi } from '#web/api';
import type { ApiRoutes, RouteName } from '#web/api';

export interface ApiQuery<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Fetches again, keeping the current data on screen meanwhile. */
  reload: () => Promise<void>;
}

/** Loads one route's answer and reloads when the body changes (compared as JSON). */
export function useApiQuery<R extends RouteName>(
  route: R,
  body: ApiRoutes[R][0] | undefined,
): ApiQuery<ApiRoutes[R][1]> {
  const [data, setData] = useState<ApiRoutes[R][1]>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(body !== undefined);
  const key = body === undefined ? undefined : JSON.stringify(body);
  const latest = useRef(0);

  const load = useCallback(async () => {
    if (key === undefined) return;
    const ticket = (latest.current += 1);
    setLoading(true);
    try {
      const result = await callApi(route, JSON.parse(key) as ApiRoutes[R][0]);
      if (ticket === latest.current) {
        setData(result);
        setError(undefined);
      }
    } catch (caught) {
      if (ticket === latest.current) setError(caught as Error);
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [route, key]);

  useEffect(() => {
    void load();
  }, [load]);

  return { data, error, loading, reload: load };
}

/** Runs one action at a time, remembering whether it is running and how it failed. */
export function useAction(): {
  busy: boolean;
  error: Error | undefined;
  run: <T>(action: () => Promise<T>) => Promise<T | undefined>;
  clearError: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (caught) {
      setError(caught as Error);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clearError: useCallback(() => setError(undefined), []) };
}
