import { describePyroscopeSource, formatPyroscopeSource } from '../../../shared/remote/pyroscope-source.js';
import type { RemoteOpen } from '../../state/remote-actions.js';
import type { LabelMatcher } from '../../../shared/remote/pyroscope-selector.js';
import type { RangeText } from './time-range.js';
import type { PyroscopeServer } from './pyroscope-server.js';

/**
 * What a tab opens for one query over one range: its source URL (relative ranges stay relative,
 * credentials stay out), its title `service · type · range` (then `detail`, which tells apart two
 * tabs of one service and range: the label value explored, a comparison side's labels), and the
 * credentials to send.
 */
export function pyroscopeOpen(server: PyroscopeServer, profileTypeId: string, labelSelector: string, range: RangeText, detail = ''): RemoteOpen {
  const source = { serverUrl: server.serverUrl, profileTypeId, labelSelector, from: range.from.trim(), until: range.until.trim(), ...(server.tenant ? { tenant: server.tenant } : {}) };
  const title = [describePyroscopeSource(source), detail].filter(Boolean).join(' · ');
  return { source: formatPyroscopeSource(source), title, ...(server.credentials ? { credentials: server.credentials } : {}) };
}

/** A chip list as a title detail: `env="prod", version=~"v2.*"`. */
export function matchersDetail(matchers: readonly LabelMatcher[]): string {
  return matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(', ');
}
