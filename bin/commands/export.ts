import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { splitDiffProfile } from '../../shared/analysis/diff-split.js';
import { resolveSampleType, type ProfileFilters } from '../../shared/analysis/query.js';
import { comparisonExportData, profileExportData, type DataExportFormat } from '../../shared/export/view-export.js';
import { svgOfProfile } from '../../shared/export/profile-svg.js';
import type { Profile } from '../../shared/model/profile.js';
import { FILTER_OPTIONS, parseCommand, UsageError, type Output } from '../cli-support.js';
import { loadProfile, REMOTE_OPTIONS, remoteAccess, sourceName } from '../load-profile.js';
import { MEMORY_OPTION, maxMemoryBytes } from '../memory-option.js';
import { fileError } from '../cli-errors.js';
import { writeWhole } from '../write-output.js';

const gzipAsync = promisify(gzip);

/** What an exporter is given: the profile (and the base of a comparison) with the view's filters. */
interface ExportInput {
  target: Profile;
  base: Profile | null;
  /** The filters as the app holds them; sampleTypeIndex is the target's. */
  filters: ProfileFilters;
  /** How an image is drawn (svg only). */
  image: { view: 'flame' | 'icicle'; widthPx: number; theme: 'light' | 'dark'; name: string };
}

/**
 * One entry per --format: adding a format is adding an entry (and its line in USAGE).
 * pprof is gzipped, as `go tool pprof -proto` and the app save it.
 */
const EXPORTERS: Record<string, (input: ExportInput) => Promise<Uint8Array | string>> = {
  pprof: async (input) => gzipAsync(dataExport('pprof', input)),
  folded: async (input) => dataExport('folded', input),
  svg: async ({ target, base, filters, image }) => {
    if (base) throw new UsageError('export --format svg draws one profile; the diff graph of a comparison is exported from the app (Export › SVG image)');
    // A pprof diff file opens in the app as a comparison; drawn as one profile its signed total leaves the image empty.
    const diff = splitDiffProfile(target);
    if (diff) {
      const why = diff.by === 'label' ? 'a pprof diff' : 'a diff: its negative samples are the base';
      throw new UsageError(`${image.name} is a comparison (${why}); the diff graph of a comparison is exported from the app (Export › SVG image)`);
    }
    return svgOfProfile(target, filters, image);
  },
  csv: async (input) => dataExport('csv', input),
};

/** --view flame|icicle, --width PX, --theme light|dark: how `--format svg` draws (as the app's default window). */
function imageOptions(values: { view?: string; width?: string; theme?: string }, path: string): ExportInput['image'] {
  const view = values.view ?? 'flame';
  if (view !== 'flame' && view !== 'icicle') throw new UsageError('--view takes flame or icicle');
  const widthPx = values.width === undefined ? 1200 : Number(values.width);
  if (!Number.isInteger(widthPx) || widthPx < 100 || widthPx > 20000) throw new UsageError('--width takes a whole number of pixels from 100 to 20000');
  const theme = values.theme ?? 'light';
  if (theme !== 'light' && theme !== 'dark') throw new UsageError('--theme takes light or dark');
  return { view, widthPx, theme, name: sourceName(path).split('/').pop() ?? path };
}

/** The app's data exports (shared/export/view-export.ts), in pprof's table order. */
function dataExport(format: DataExportFormat, { target, base, filters }: ExportInput): Uint8Array | string {
  return base ? comparisonExportData(base, target, typeName(target, filters), format, filters) : profileExportData(target, format, filters);
}

const typeName = (profile: Profile, filters: ProfileFilters) => profile.sampleTypes[filters.sampleTypeIndex].type;

/** `flamedeck export FILE --format F [filters] [--base BASE] -o OUT`: what the app's Export writes, from the command line. */
export async function runExport(argv: string[], io: Output): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    ...FILTER_OPTIONS,
    ...MEMORY_OPTION,
    ...REMOTE_OPTIONS,
    format: { type: 'string' },
    base: { type: 'string' },
    output: { type: 'string', short: 'o' },
    view: { type: 'string' },
    width: { type: 'string' },
    theme: { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError('export takes exactly one FILE');
  const format = values.format;
  if (!format) throw new UsageError(`export needs --format ${Object.keys(EXPORTERS).join('|')}`);
  const exporter = Object.hasOwn(EXPORTERS, format) ? EXPORTERS[format] : undefined;
  if (!exporter) throw new UsageError(`export cannot write --format ${JSON.stringify(format)} (it writes ${Object.keys(EXPORTERS).join(', ')})`);
  const output = values.output;
  if (!output) throw new UsageError('export needs -o FILE (or -o - for standard output)');

  const [path] = positionals;
  const image = imageOptions(values, path);
  const memory = maxMemoryBytes(values['max-memory']);
  const remote = remoteAccess(values);
  const base = values.base === undefined ? null : await loadProfile(values.base, memory, remote);
  const target = await loadProfile(path, memory, remote);
  let data: Uint8Array | string;
  try {
    const filters: ProfileFilters = {
      sampleTypeIndex: resolveSampleType(target, values['sample-type']),
      tagFocus: values.tagfocus ? [values.tagfocus] : [],
      tagIgnore: values.tagignore ? [values.tagignore] : [],
      focus: values.focus ?? '',
      ignore: values.ignore ?? '',
      hide: values.hide ?? '',
      show: values.show ?? '',
    };
    data = await exporter({ target, base, filters, image });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const name = values.base !== undefined ? `${sourceName(values.base)} → ${sourceName(path)}` : sourceName(path);
    throw fileError(name, error);
  }
  if (output === '-') {
    if (typeof data === 'string') io.out(data);
    else (io.bytes ?? ((bytes) => process.stdout.write(bytes)))(data);
    return 0;
  }
  await writeWhole(output, data, 'the export');
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  io.err(`flamedeck: wrote ${size} bytes to ${output}\n`);
  return 0;
}
