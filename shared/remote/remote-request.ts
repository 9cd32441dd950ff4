/**
 * A remote request as the page sent it, checked field by field before anything runs: the page is
 * the app's own, but what reaches the host is only JSON, and a host treats it as hostile. Objects
 * are rebuilt from their known fields (no prototype tricks, nothing extra carried along).
 */
import { UserFacingError } from '../user-facing-error.js';
import type { PyroscopeCall, RemoteCredentials, RemoteFailure, RemoteRequest, SavedConnection } from './remote-api.js';

/** Every failure of the remote service: `failure` is what crosses back to the page. */
export class RemoteServiceError extends UserFacingError {
  constructor(
    readonly failure: RemoteFailure,
    cause?: unknown,
  ) {
    super(failure.message, cause === undefined ? undefined : { cause });
    this.name = 'RemoteServiceError';
  }
}

const MAX_STRING = 8 * 1024;
const MAX_LIST = 100;

function invalid(message: string): RemoteServiceError {
  return new RemoteServiceError({ message: `Invalid remote request: ${message}.`, kind: 'invalid' });
}

type Fields = Record<string, unknown>;

function object(value: unknown, what: string, allowed: readonly string[]): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(`${what} must be an object`);
  for (const key of Object.keys(value)) if (!allowed.includes(key)) throw invalid(`${what} has an unknown field "${key.slice(0, 40)}"`);
  return value as Fields;
}

function string(fields: Fields, name: string, { optional = false, nonEmpty = true } = {}): string | undefined {
  const value = fields[name];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string') throw invalid(`${name} must be a string`);
  if (value.length > MAX_STRING) throw invalid(`${name} is longer than ${MAX_STRING} characters`);
  if (nonEmpty && value === '') throw invalid(`${name} is empty`);
  return value;
}

function required(fields: Fields, name: string): string {
  return string(fields, name)!;
}

function number(fields: Fields, name: string, optional = false): number | undefined {
  const value = fields[name];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${name} must be a finite number`);
  if (value < 0) throw invalid(`${name} must not be negative`);
  return value;
}

function strings(fields: Fields, name: string): string[] {
  const value = fields[name];
  if (!Array.isArray(value)) throw invalid(`${name} must be a list of strings`);
  if (value.length > MAX_LIST) throw invalid(`${name} has more than ${MAX_LIST} entries`);
  return value.map((item, i) => required({ [`${name}[${i}]`]: item as unknown }, `${name}[${i}]`));
}

function credentials(value: unknown): RemoteCredentials | undefined {
  if (value === undefined) return undefined;
  const fields = object(value, 'credentials', ['tenant', 'user', 'password', 'token', 'savedSecret']);
  const out: RemoteCredentials = {};
  for (const name of ['tenant', 'user', 'password', 'token'] as const) {
    const text = string(fields, name, { optional: true, nonEmpty: false });
    if (text !== undefined) out[name] = text;
  }
  if (fields.savedSecret !== undefined && typeof fields.savedSecret !== 'boolean') throw invalid('savedSecret must be true or false');
  if (fields.savedSecret === true) out.savedSecret = true;
  return out;
}

function withCredentials<T extends object>(request: T, fields: Fields): T & { credentials?: RemoteCredentials } {
  const given = credentials(fields.credentials);
  return given ? { ...request, credentials: given } : request;
}

function connection(value: unknown): SavedConnection {
  const fields = object(value, 'connection', ['kind', 'url', 'tenant', 'user', 'hasSecret', 'usedAt']);
  if (fields.kind !== 'go' && fields.kind !== 'pyroscope') throw invalid('connection.kind must be "go" or "pyroscope"');
  if (fields.hasSecret !== undefined && typeof fields.hasSecret !== 'boolean') throw invalid('hasSecret must be true or false');
  const tenant = string(fields, 'tenant', { optional: true, nonEmpty: false });
  const user = string(fields, 'user', { optional: true, nonEmpty: false });
  const usedAt = number(fields, 'usedAt', true);
  return {
    kind: fields.kind,
    url: httpUrl(required(fields, 'url'), 'url'),
    ...(tenant ? { tenant } : {}),
    ...(user ? { user } : {}),
    ...(usedAt !== undefined ? { usedAt } : {}),
  };
}

/** An http(s) URL (the server or service a query goes to). */
function httpUrl(text: string, name: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`${name} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(`${name} must be an http:// or https:// URL`);
  return text;
}

const CALL_FIELDS: Record<PyroscopeCall['method'], readonly string[]> = {
  profileTypes: ['startMs', 'endMs'],
  labelNames: ['startMs', 'endMs', 'matchers'],
  labelValues: ['name', 'startMs', 'endMs', 'matchers'],
  series: ['startMs', 'endMs', 'matchers', 'labelNames'],
  selectSeries: ['profileTypeId', 'labelSelector', 'startMs', 'endMs', 'stepSeconds', 'groupBy'],
};

function pyroscopeCall(value: unknown): PyroscopeCall {
  const method = (value as Fields | null)?.method;
  if (typeof method !== 'string' || !Object.hasOwn(CALL_FIELDS, method)) throw invalid('call.method is not a Pyroscope call this host makes');
  const m = method as PyroscopeCall['method'];
  const fields = object(value, 'call', ['method', ...CALL_FIELDS[m]]);
  const range = () => ({ startMs: number(fields, 'startMs')!, endMs: number(fields, 'endMs')! });
  switch (m) {
    case 'profileTypes': {
      const startMs = number(fields, 'startMs', true);
      const endMs = number(fields, 'endMs', true);
      return { method: m, ...(startMs !== undefined ? { startMs } : {}), ...(endMs !== undefined ? { endMs } : {}) };
    }
    case 'labelNames':
      return { method: m, ...range(), matchers: strings(fields, 'matchers') };
    case 'labelValues':
      return { method: m, name: required(fields, 'name'), ...range(), matchers: strings(fields, 'matchers') };
    case 'series':
      return { method: m, ...range(), matchers: strings(fields, 'matchers'), labelNames: strings(fields, 'labelNames') };
    case 'selectSeries':
      return {
        method: m,
        profileTypeId: required(fields, 'profileTypeId'),
        labelSelector: string(fields, 'labelSelector', { nonEmpty: false })!,
        ...range(),
        stepSeconds: number(fields, 'stepSeconds')!,
        groupBy: strings(fields, 'groupBy'),
      };
  }
}

/** Checks a request from the page; throws RemoteServiceError (kind 'invalid') for anything else. */
export function parseRemoteRequest(input: unknown): RemoteRequest {
  const op = (input as Fields | null)?.op;
  if (input === null || typeof input !== 'object' || typeof op !== 'string') throw invalid('it must be an object with an op');
  switch (op) {
    case 'fetch': {
      const fields = object(input, 'the request', ['op', 'source', 'credentials']);
      return withCredentials({ op, source: required(fields, 'source') }, fields);
    }
    case 'goIndex': {
      const fields = object(input, 'the request', ['op', 'baseUrl', 'credentials']);
      return withCredentials({ op, baseUrl: httpUrl(required(fields, 'baseUrl'), 'baseUrl') }, fields);
    }
    case 'pyroscope': {
      const fields = object(input, 'the request', ['op', 'serverUrl', 'credentials', 'call']);
      return withCredentials({ op, serverUrl: httpUrl(required(fields, 'serverUrl'), 'serverUrl'), call: pyroscopeCall(fields.call) }, fields);
    }
    case 'connections':
      object(input, 'the request', ['op']);
      return { op };
    case 'saveConnection': {
      const fields = object(input, 'the request', ['op', 'connection', 'credentials']);
      return withCredentials({ op, connection: connection(fields.connection) }, fields);
    }
    case 'forgetConnection': {
      const fields = object(input, 'the request', ['op', 'url']);
      return { op, url: required(fields, 'url') };
    }
    default:
      throw invalid(`"${op.slice(0, 40)}" is not an operation`);
  }
}
