import type { Clock } from '#core/ports';
import type { Store } from '#store/index';

/** What every use-case needs: the store, who is acting, and the time. */
export interface EngineContext {
  store: Store;
  actor: string;
  clock: Clock;
}

/** The ISO timestamp of now, from the injected clock. */
export function nowIso(context: EngineContext): string {
  return context.clock.now().toISOString();
}
