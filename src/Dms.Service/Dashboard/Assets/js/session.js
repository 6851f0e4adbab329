// The session token lives in sessionStorage (gone with the tab, not shared with other tabs) and
// travels only in the Authorization header, never in a URL.
const key = 'dms.session';

export function current() {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

export function begin(user, idToken) {
  sessionStorage.setItem(key, JSON.stringify({ user, idToken }));
}

export function end() {
  sessionStorage.removeItem(key);
}
