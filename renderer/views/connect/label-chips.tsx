import { useId, useState } from 'react';
import type { RemoteHost } from '../../host.js';
import type { LabelMatcher } from '../../../shared/remote/pyroscope-selector.js';
import { type PyroscopeServer, pyroscopeRequest } from './pyroscope-server.js';
import type { RangeMs } from './time-range.js';
import { useRemoteQuery } from './use-remote-query.js';

const OPS: LabelMatcher['op'][] = ['=', '!=', '=~', '!~'];

/**
 * A label selector as chips (`env="prod"`, removable) and a row to add one: a label name the server
 * has, an operator, and a value (its values offered from LabelValues within `scope`).
 */
export function LabelChips({
  remote,
  server,
  rangeMs,
  scope,
  names,
  chips,
  onChange,
  title = 'Labels',
}: {
  remote: RemoteHost;
  server: PyroscopeServer;
  rangeMs: RangeMs | null;
  /** The selector the offered values must match (service, type and the chips so far). */
  scope: string;
  names: string[];
  chips: LabelMatcher[];
  onChange: (chips: LabelMatcher[]) => void;
  title?: string;
}) {
  const [name, setName] = useState('');
  const [op, setOp] = useState<LabelMatcher['op']>('=');
  const [value, setValue] = useState('');
  const listId = useId();
  const values = useRemoteQuery(remote, name && rangeMs ? pyroscopeRequest(server, { method: 'labelValues', name, ...rangeMs, matchers: [scope] }) : null);

  const add = () => {
    if (!name || !value) return;
    onChange([...chips.filter((c) => !(c.name === name && c.op === op && c.value === value)), { name, op, value }]);
    setValue('');
  };

  return (
    <div className="connect-row label-chips">
      <span className="row-label">{title}</span>
      {chips.map((c, i) => (
        <span key={`${c.name}${c.op}${c.value}`} className="chip" data-testid="label-chip" data-name={c.name} data-op={c.op} data-value={c.value}>
          {c.name}
          {c.op}
          {JSON.stringify(c.value)}
          <button type="button" aria-label={`Remove ${c.name}${c.op}${c.value}`} onClick={() => onChange(chips.filter((_, j) => j !== i))}>
            ×
          </button>
        </span>
      ))}
      <span className="chip-adder">
        <select aria-label="Label name" data-testid="label-name" value={name} onChange={(e) => setName(e.target.value)} disabled={names.length === 0}>
          <option value="">{names.length === 0 ? 'no labels' : 'label…'}</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <select aria-label="Operator" data-testid="label-op" value={op} onChange={(e) => setOp(e.target.value as LabelMatcher['op'])}>
          {OPS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <input
          aria-label="Value"
          data-testid="label-value"
          className="short"
          list={listId}
          value={value}
          spellCheck={false}
          placeholder={op.endsWith('~') ? 'regex' : 'value'}
          disabled={!name}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <datalist id={listId}>
          {(values.value ?? []).map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
        <button type="button" className="small" data-testid="label-add" disabled={!name || !value} onClick={add}>
          Add
        </button>
        {values.error && (
          <span className="error-text" role="alert" data-testid="connect-error">
            {values.error}
          </span>
        )}
      </span>
    </div>
  );
}
