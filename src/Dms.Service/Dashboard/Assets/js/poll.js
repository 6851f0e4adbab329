// Runs a refresh now and then every intervalMs after each one finishes (never two at once), until
// stopped. A failed refresh shows its message and the polling goes on (dms may be restarting);
// a 401 has already sent the user to the login page, which stops this poller with the page.
import { showError, clearError } from './notice.js';

export const interval = 2000;

export function poll(refresh, intervalMs = interval) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    try {
      const more = await refresh();
      if (!stopped) {
        clearError();
      }
      if (more === false) {
        return;
      }
    } catch (e) {
      if (!stopped && e.status !== 401) {
        showError(e.message);
      }
    }
    if (!stopped) {
      timer = setTimeout(tick, intervalMs);
    }
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
