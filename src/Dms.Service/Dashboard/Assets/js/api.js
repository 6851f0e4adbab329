// API v1 only (src/Dms.Contracts/Routes.cs), as dmscli uses it: the dashboard can do nothing the CLI cannot.
import * as session from './session.js';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Called when the API refuses the session (expired, revoked, dms restarted with a new key). */
let onUnauthenticated = () => {};
export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

async function call(method, path, body, { authenticated = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const token = session.current()?.idToken;
  if (authenticated && token) {
    headers.Authorization = `Bearer ${token}`;
  }
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store', credentials: 'omit', redirect: 'error',
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  if (!response.ok) {
    const message = json?.message ?? `HTTP ${response.status}`;
    if (response.status === 401 && authenticated) {
      session.end();
      onUnauthenticated(message);
    }
    throw new ApiError(response.status, message);
  }
  return json;
}

export async function login(username, password) {
  const answer = await call('POST', '/api/v1/login', { username, password }, { authenticated: false });
  session.begin(username, answer.idToken);
}

export const clusters = async () => (await call('GET', '/api/v1/clusters')).clusters ?? [];

/** One page, newest first. states and types are lists of the spec's names; empty means all. */
export function workflows({ pageSize, pageToken, states = [], types = [] }) {
  const query = new URLSearchParams();
  query.set('pageSize', String(pageSize));
  if (pageToken) {
    query.set('nextPageToken', pageToken);
  }
  if (states.length > 0) {
    query.set('state', states.join(','));
  }
  if (types.length > 0) {
    query.set('type', types.join(','));
  }
  return call('GET', `/api/v1/workflows?${query}`);
}

export const workflow = async (id) => (await call('GET', `/api/v1/workflows/${encodeURIComponent(id)}`)).workflow;

export const cancel = (id) => call('POST', `/api/v1/workflows/${encodeURIComponent(id)}/cancel`, {});
