import { layOutFlame } from '../analysis/flame-layout.js';
import { functionSpaceOf } from '../analysis/function-space.js';
import { queryOf, runQuery, type ProfileFilters } from '../analysis/query.js';
import { scaledLabel } from '../analysis/units.js';
import { findZoomNode } from '../analysis/zoom-path.js';
import type { Profile } from '../model/profile.js';
import { rectColors, type Theme } from '../render/frame-colors.js';
import { filterText } from './filter-text.js';
import { flameSvg } from './flame-svg.js';

export interface ProfileSvgOptions {
  view: 'flame' | 'icicle';
  widthPx: number;
  theme: Theme;
  /** Function names from the root's child down (as the app's zoom); the root when absent. */
  zoom?: string[];
  /** The profile's name in the header line (its file name). */
  name?: string;
}

/** The flame or icicle graph of a profile under filters, as the app would draw it (for the CLI). */
export function svgOfProfile(profile: Profile, filters: Partial<ProfileFilters>, options: ProfileSvgOptions): string {
  const result = runQuery(profile, queryOf(filters), { tree: true });
  const tree = result.tree!;
  const space = functionSpaceOf(profile);
  const root = findZoomNode(space.idOf, tree, options.zoom ?? []).node;
  const layout = layOutFlame(space.colorKeys, tree, { root, widthPx: options.widthPx, minWidthPx: 0.3 });
  const func = Int32Array.from(layout.nodeId, (node) => tree.func[node]);
  const unit = profile.sampleTypes[result.sampleTypeIndex].unit;
  const formatValue = (value: number) => scaledLabel(value, unit);
  const sampleType = profile.sampleTypes[result.sampleTypeIndex].type;
  return flameSvg({
    frames: {
      count: layout.count,
      x: layout.x,
      width: layout.width,
      depth: layout.depth,
      func,
      self: Float64Array.from(layout.nodeId, (node) => tree.self[node]),
      total: Float64Array.from(layout.nodeId, (node) => tree.total[node]),
      span: layout.span,
      maxDepth: layout.maxDepth,
    },
    names: space.names,
    files: Array.from(profile.functions.filename, (s) => profile.strings[s]),
    lines: profile.functions.startLine,
    colors: rectColors(layout.colorKey, func, options.theme, null),
    orientation: options.view,
    widthPx: options.widthPx,
    theme: options.theme,
    header: [options.name ?? '', sampleType, `total ${formatValue(result.total)}${tree.total[0] !== result.total ? `, shown ${formatValue(tree.total[0])}` : ''}`, filterText(filters)],
    total: result.total,
    formatValue,
  });
}
