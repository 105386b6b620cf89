// Talks to the service: Airflow's REST API (/api/v2) for resources and actions, /ui for the UI's aggregates, with
// the JWT from POST /auth/token kept in sessionStorage. The role comes from the token's claims and only decides
// which buttons to show; the server checks every call.

const TOKEN_KEY = 'updraft.token';

export class ApiError extends Error {
  constructor(status, detail) {
    super(typeof detail === 'string' ? detail : status + ' ' + JSON.stringify(detail));
    this.status = status;
    this.detail = detail;
  }
}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  claims() {
    const token = this.token;
    if (!token) return null;
    try {
      const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(payload + '='.repeat((4 - payload.length % 4) % 4)));
    } catch (e) {
      return null;
    }
  },
  get user() { return this.claims()?.sub || null; },
  get role() { return this.claims()?.role || null; },
  /** Whether the role may trigger, clear, mark and pause (Airflow's user role and above). */
  get canEdit() { return ['user', 'op', 'admin'].includes(this.role); },
  get expired() {
    const exp = this.claims()?.exp;
    return !exp || exp * 1000 < Date.now();
  },
};

const listeners = new Set();
/** Called with no arguments when a call answers 401: the session ended. */
export function onUnauthorized(listener) { listeners.add(listener); }

export async function login(username, password) {
  const response = await fetch('/auth/token', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.detail || response.statusText);
  session.token = body.access_token;
  return session.claims();
}

/** Asks for an admin token without credentials; only works when the service runs with all-admins. */
export async function tryAllAdmins() {
  const response = await fetch('/auth/token');
  if (!response.ok) return false;
  session.token = (await response.json()).access_token;
  return true;
}

export function logout() {
  session.token = null;
}

export async function request(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  if (session.token) headers.Authorization = 'Bearer ' + session.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: options.signal,
  });
  if (response.status === 401) {
    listeners.forEach(listener => listener());
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch (e) { data = text; }
  }
  if (!response.ok) {
    throw new ApiError(response.status, describe(data) || response.statusText);
  }
  return data;
}

/** Airflow's error bodies: {"detail": "..."} or a list of FastAPI validation errors. */
function describe(data) {
  if (!data) return null;
  if (typeof data === 'string') return data;
  const detail = data.detail ?? data.message ?? data.title;
  if (Array.isArray(detail)) {
    return detail.map(item => (item.loc ? item.loc.filter(part => part !== 'body').join('.') + ': ' : '') + item.msg)
      .join('; ');
  }
  if (detail && typeof detail === 'object') return JSON.stringify(detail);
  return detail;
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body) => request('POST', path, body ?? {});
export const patch = (path, body) => request('PATCH', path, body ?? {});

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach(item => search.append(key, item));
    else search.append(key, value);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

// ------------------------------------------------------------------------------------------------ live events

const liveHandlers = new Set();
let liveConnected = false;
let liveController = null;
const statusListeners = new Set();

/** Subscribes to the engine's committed state changes; returns the unsubscribe function. */
export function onLive(handler) {
  liveHandlers.add(handler);
  return () => liveHandlers.delete(handler);
}

const namedHandlers = new Map();

/**
 * Subscribes to one named server event other than the states (e.g. 'dag_files': import errors or DAG warnings
 * changed); returns the unsubscribe function.
 */
export function onLiveEvent(name, handler) {
  if (!namedHandlers.has(name)) namedHandlers.set(name, new Set());
  namedHandlers.get(name).add(handler);
  return () => namedHandlers.get(name).delete(handler);
}

export function isLive() { return liveConnected; }
export function onLiveStatus(listener) { statusListeners.add(listener); }

function setConnected(value) {
  if (liveConnected === value) return;
  liveConnected = value;
  statusListeners.forEach(listener => listener(value));
}

/**
 * Opens /ui/events (server-sent events read through fetch, so the token travels in a header, not in the URL)
 * and reconnects after a pause when it drops. While it is down, views fall back to polling.
 */
export function startLive() {
  if (liveController) return;
  liveController = new AbortController();
  const signal = liveController.signal;
  (async function loop() {
    while (!signal.aborted) {
      try {
        const response = await fetch('/ui/events', {
          headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + session.token }, signal,
        });
        if (response.status === 401) {
          listeners.forEach(listener => listener());
          return;
        }
        if (!response.ok || !response.body) throw new Error('events: ' + response.status);
        await readEvents(response.body, signal);
      } catch (e) {
        if (signal.aborted) return;
      }
      setConnected(false);
      await new Promise(resolve => setTimeout(resolve, 2000));
    }
  })();
}

export function stopLive() {
  if (liveController) liveController.abort();
  liveController = null;
  setConnected(false);
}

async function readEvents(stream, signal) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  while (!signal.aborted) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      let name = 'message';
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      setConnected(true);
      const handlers = name === 'states' ? liveHandlers : namedHandlers.get(name);
      if (handlers && handlers.size) {
        let payload;
        try { payload = JSON.parse(data.join('\n')); } catch (e) { continue; }
        handlers.forEach(handler => {
          try { handler(payload); } catch (e) { console.error(e); }
        });
      }
    }
  }
}

/**
 * Calls fn every `deadMillis` while live updates are down and every `liveMillis` while they are up (for what the
 * engine does not push: runs created by other processes, pause changes); skipped while the tab is hidden.
 * Returns the stop function.
 */
export function poll(fn, liveMillis = 15000, deadMillis = 2000) {
  let last = Date.now();
  const timer = setInterval(() => {
    if (document.hidden) return;
    if (Date.now() - last >= (liveConnected ? liveMillis : deadMillis)) {
      last = Date.now();
      fn();
    }
  }, 500);
  return () => clearInterval(timer);
}
