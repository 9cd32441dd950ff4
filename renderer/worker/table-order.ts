import type { TopTable } from '../../shared/analysis/top-table.js';
import type { Profile } from '../../shared/model/profile.js';
import type { TableSort, TopRows } from './protocol.js';

/** The top table in the order the user chose (the table on screen and its CSV export share it). */
export function sortedTop(profile: Profile, top: TopTable, { by: sort, reverse }: TableSort): TopRows {
  const order = Array.from({ length: top.count }, (_, i) => i);
  if (sort === 'cum') order.sort((a, b) => Math.abs(top.cum[b]) - Math.abs(top.cum[a]) || a - b);
  else if (sort === 'name') {
    const name = (row: number) => profile.strings[profile.functions.name[top.func[row]]];
    order.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  }
  if (reverse) order.reverse();
  return {
    count: top.count,
    func: Int32Array.from(order, (i) => top.func[i]),
    flat: Float64Array.from(order, (i) => top.flat[i]),
    cum: Float64Array.from(order, (i) => top.cum[i]),
  };
}
