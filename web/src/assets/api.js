// The JSON API: reads, and writes that carry the session's CSRF token.
// Every request names the page's language (Accept-Language), so the
// server's messages ({"error": {"code", "message"}}) come in it and pages
// can show them as they are; failures become ApiError with both.
import { language } from './i18n.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let csrfToken = null;

export function setCsrfToken(token) {
  csrfToken = token;
}

export function getCsrfToken() {
  return csrfToken;
}

async function failure(response) {
  let code = 'http_' + response.status;
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    if (body?.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
    }
  } catch {
    // Not JSON (a proxy's page): keep the status line.
  }
  return new ApiError(response.status, code, message);
}

// The headers every request of this page carries.
export function languageHeaders() {
  return { 'Accept-Language': language() };
}

// Sends a request; resolves with the parsed JSON (or null for 204).
// ifMatch: the ETag the write is based on (meeting.etags.*); a change made
// meanwhile by someone else is refused with ApiError code 'stale' (412).
export async function request(path, { method = 'GET', json, body, type, signal, ifMatch } = {}) {
  const headers = languageHeaders();
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (ifMatch) headers['If-Match'] = ifMatch;
  let payload = body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(json);
  } else if (type) {
    headers['Content-Type'] = type;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, signal, credentials: 'same-origin' });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', error.message);
  }
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const getJSON = (path, options) => request(path, options);

export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}
