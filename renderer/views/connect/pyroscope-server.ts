import type { PyroscopeCall, RemoteCredentials } from '../../../shared/remote/remote-api.js';

/** A tested Pyroscope connection: where, and what to send (secrets stay out of source URLs). */
export interface PyroscopeServer {
  serverUrl: string;
  credentials?: RemoteCredentials;
  /** Also written into the source URL (`&tenant=`), which is how Pyroscope's own links name it. */
  tenant?: string;
}

export function pyroscopeRequest<C extends PyroscopeCall>(server: PyroscopeServer, call: C) {
  return { op: 'pyroscope' as const, serverUrl: server.serverUrl, ...(server.credentials ? { credentials: server.credentials } : {}), call };
}
