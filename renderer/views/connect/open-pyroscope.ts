import { describePyroscopeSource, formatPyroscopeSource } from '../../../shared/remote/pyroscope-source.js';
import type { RemoteOpen } from '../../state/remote-actions.js';
import type { RangeText } from './time-range.js';
import type { PyroscopeServer } from './pyroscope-server.js';

/**
 * What a tab opens for one query over one range: its source URL (relative ranges stay relative,
 * credentials stay out), its title `service · type · range`, and the credentials to send.
 */
export function pyroscopeOpen(server: PyroscopeServer, profileTypeId: string, labelSelector: string, range: RangeText): RemoteOpen {
  const source = { serverUrl: server.serverUrl, profileTypeId, labelSelector, from: range.from.trim(), until: range.until.trim(), ...(server.tenant ? { tenant: server.tenant } : {}) };
  return { source: formatPyroscopeSource(source), title: describePyroscopeSource(source), ...(server.credentials ? { credentials: server.credentials } : {}) };
}
