// Calls to the service's HTTP API. The token lives only in this module's memory: never in a
// cookie, storage or the URL, so closing or reloading the tab forgets it.
const BASE = new URL('../api/v1', document.baseURI).pathname;
let token = null;
let askToken = async () => null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** How the page asks for a token: (reason) => Promise<string|null>. */
export function tokenPrompt(ask) { askToken = ask; }
export function hasToken() { return token !== null; }
export function forgetToken() { token = null; listeners.forEach((f) => f()); }
export function onTokenChange(f) { listeners.add(f); }

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token !== null) headers.Authorization = 'Bearer ' + token;
  let res;
  try {
    res = await fetch(BASE + path, {
      method, headers, cache: 'no-store', credentials: 'omit',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'UNREACHABLE', 'the service did not answer (' + e.message + ')');
  }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(res.status, error.code || String(res.status),
      error.message || (res.status === 404 ? 'not found: ' + method + ' ' + BASE + path : text || res.statusText));
  }
  return data;
}

let asking = null;     // one prompt at a time, however many requests wait for it
let declined = false;  // the user dismissed the prompt: background reads stop asking until an action does

/** A request; on 401 or 403 it asks for the token and tries again until it passes or the user gives up. */
export async function request(method, path, body) {
  for (;;) {
    try {
      return await call(method, path, body);
    } catch (e) {
      if (e.status !== 401 && e.status !== 403) throw e;
      if (method === 'GET' && declined) throw e;
      const reason = e.status === 403 ? 'This token may not do that: ' + e.message
        : token !== null ? 'The token was refused: ' + e.message
        : method === 'GET' ? 'Reading needs a token on this service.' : 'This action needs the service token (AUTH_TOKEN).';
      asking = asking || askToken(reason).finally(() => { asking = null; });
      const entered = await asking;
      if (!entered) {
        declined = true;
        throw e;
      }
      declined = false;
      token = entered;
      listeners.forEach((f) => f());
    }
  }
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body === undefined ? {} : body);
export const del = (path) => request('DELETE', path);

/** A query string of the non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}
