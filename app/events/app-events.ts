// An in-process change bus: whatever changes what the dashboard shows (a job moves, a receipt is
// written, a register's status is read, a shift opens, a setting is saved) says so here, and the live
// views (GET /events) re-read the state. Only the kind travels, never data: a listener that missed an
// event reads everything anew, so nothing can be delivered stale or out of order.

export type AppChange = 'payment' | 'job' | 'register' | 'shift' | 'settings' | 'alert';

export type ChangeListener = (change: AppChange) => void;

export class AppEvents {
  private readonly listeners = new Set<ChangeListener>();

  /** Tells every listener; a listener that throws does not stop the others or the emitter. */
  emit(change: AppChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A live view's trouble must never fail a payment or a receipt; the view cleans itself up.
      }
    }
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
