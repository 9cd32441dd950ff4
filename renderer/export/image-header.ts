import { filterText } from '../../shared/export/filter-text.js';
import { formatValue } from '../format.js';
import { shownFilters, unitOf, type Tab } from '../state/store.js';

/**
 * The header line of the tab's graph exported as an image: profile, sample type, total (or both
 * totals of a comparison), zoom, search and filters, of the graph drawn (not of a query still running).
 */
export function imageHeader(tab: Tab): string[] {
  const unit = unitOf(tab);
  const filters = shownFilters(tab);
  const shownSearch = (tab.applied?.search ?? tab.search).trim();
  const sampleType = tab.summary?.sampleTypes[filters.sampleTypeIndex]?.type ?? '';
  const total = tab.compared
    ? `base ${formatValue(tab.compared.baseTotal, unit)} → target ${formatValue(tab.compared.targetTotal, unit)}`
    : tab.result
      ? `total ${formatValue(tab.result.total, unit)}${tab.result.treeTotal !== tab.result.total ? `, shown ${formatValue(tab.result.treeTotal, unit)}` : ''}`
      : '';
  const zoom = tab.zoom.length > 0 ? `zoomed to ${tab.zoom[tab.zoom.length - 1]}` : '';
  const search = shownSearch !== '' ? `search ${shownSearch}` : '';
  return [tab.name, sampleType, total, zoom, search, filterText(filters)];
}
