/** pprof's measurement package: unit families, scaling and labels, so numbers read the same. */
interface Unit {
  name: string;
  aliases: string[];
  factor: number;
}
interface UnitFamily {
  units: Unit[];
  defaultUnit: Unit;
}

const MEMORY: UnitFamily = {
  units: [
    { name: 'B', aliases: ['b', 'byte'], factor: 1 },
    { name: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
    { name: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
    { name: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
    { name: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
    { name: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 },
  ],
  defaultUnit: { name: 'B', aliases: [], factor: 1 },
};

const TIME: UnitFamily = {
  units: [
    { name: 'ns', aliases: ['ns', 'nanosecond'], factor: 1 },
    { name: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3 },
    { name: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6 },
    { name: 's', aliases: ['s', 'sec', 'second'], factor: 1e9 },
    { name: 'hrs', aliases: ['hour', 'hr'], factor: 3600e9 },
  ],
  defaultUnit: { name: 's', aliases: [], factor: 1e9 },
};

const GCU: UnitFamily = {
  units: [
    { name: 'n*GCU', aliases: ['nanogcu'], factor: 1e-9 },
    { name: 'u*GCU', aliases: ['microgcu'], factor: 1e-6 },
    { name: 'm*GCU', aliases: ['milligcu'], factor: 1e-3 },
    { name: 'GCU', aliases: ['gcu'], factor: 1 },
    { name: 'k*GCU', aliases: ['kilogcu'], factor: 1e3 },
    { name: 'M*GCU', aliases: ['megagcu'], factor: 1e6 },
    { name: 'G*GCU', aliases: ['gigagcu'], factor: 1e9 },
    { name: 'T*GCU', aliases: ['teragcu'], factor: 1e12 },
    { name: 'P*GCU', aliases: ['petagcu'], factor: 1e15 },
  ],
  defaultUnit: { name: 'GCU', aliases: [], factor: 1 },
};

function sniff(family: UnitFamily, unit: string): Unit | undefined {
  let u = unit.toLowerCase();
  if (u.length > 2 && u.endsWith('s')) u = u.slice(0, -1);
  return family.units.find((candidate) => candidate.aliases.includes(u));
}

function autoScale(family: UnitFamily, value: number): [number, string] | null {
  let factor = 0;
  let name = '';
  for (const u of family.units) {
    if (u.factor >= factor && value / u.factor >= 1) {
      factor = u.factor;
      name = u.name;
    }
  }
  return factor === 0 ? null : [value / factor, name];
}

function convert(family: UnitFamily, value: number, from: string, to: string): [number, string] | null {
  const fromUnit = sniff(family, from);
  if (!fromUnit) return null;
  const v = value * fromUnit.factor;
  if (to === 'minimum' || to === 'auto') {
    return autoScale(family, v) ?? [v / family.defaultUnit.factor, family.defaultUnit.name];
  }
  const toUnit = sniff(family, to);
  if (!toUnit) return [v / family.defaultUnit.factor, family.defaultUnit.name];
  return [v / toUnit.factor, toUnit.name];
}

/** measurement.Scale: value in `from` units expressed in `to` ("minimum"/"auto" pick one). */
export function scaleValue(value: number, from: string, to: string): [number, string] {
  if (value < 0) {
    const [v, u] = scaleValue(-value, from, to);
    return [-v, u];
  }
  for (const family of [MEMORY, TIME, GCU]) {
    const converted = convert(family, value, from, to);
    if (converted) return converted;
  }
  if (['count', 'sample', 'unit', 'minimum', 'auto'].includes(to)) return [value, ''];
  return [value, to];
}

/**
 * Go's %.Nf. toFixed and Go agree except on exact ties, which Go rounds to even ("1.12" for
 * 1.125); a tie is found in the exact decimal expansion, not in value*10^N, which itself rounds.
 */
export function goFixed(value: number, digits: number): string {
  const expansion = Math.abs(value).toFixed(100);
  const point = expansion.indexOf('.');
  const rest = expansion.slice(point + 1 + digits);
  if (!/^50*$/.test(rest)) return value.toFixed(digits);
  const kept = expansion.slice(0, point + 1 + digits);
  const lastDigit = Number(kept[kept.length - 1] === '.' ? kept[kept.length - 2] : kept[kept.length - 1]);
  const truncated = digits === 0 ? kept.slice(0, -1) : kept;
  const text = lastDigit % 2 === 0 ? truncated : (Number(truncated) + 10 ** -digits).toFixed(digits);
  return value < 0 ? `-${text}` : text;
}

function trimZeros(fixed: string): string {
  return fixed.endsWith('.00') ? fixed.slice(0, -3) : fixed;
}

/** measurement.ScaledLabel: "1.50MB", "10ms", "0". */
export function scaledLabel(value: number, from: string, to = 'minimum'): string {
  const [v, u] = scaleValue(value, from, to);
  const text = trimZeros(goFixed(v, 2));
  if (text === '0' || text === '-0') return '0';
  return text + u;
}

/** Go's %.2g for percentages under 1 (exponent form below 1e-4, as Go prints it). */
function goSmallG(ratio: number): string {
  if (ratio === 0) return '0';
  if (ratio < 1e-4) {
    const [mantissa, exponent] = ratio.toExponential(1).split('e');
    const exp = Number(exponent);
    const mant = mantissa.replace(/\.0$/, '');
    return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(Number(ratio.toPrecision(2)));
}

/** measurement.Percentage, padded as pprof pads it. */
export function percentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return `${goFixed(ratio, 2).padStart(5)}%`;
  return `${goSmallG(ratio).padStart(5)}%`;
}

/**
 * The unit pprof's text report uses for all rows: that of the smallest non-zero value, unless
 * the values span more than 100x, in which case a unit that shows the smallest as >= 0.01.
 */
export function selectOutputUnit(values: ArrayLike<number>, total: number, sampleUnit: string): string {
  let minValue = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    if (v > 0 && (minValue === 0 || v < minValue)) minValue = v;
  }
  const maxValue = total;
  if (minValue === 0) minValue = maxValue;
  const [, minUnit] = scaleValue(minValue, sampleUnit, 'minimum');
  const [, maxUnit] = scaleValue(maxValue, sampleUnit, 'minimum');
  if (minUnit !== maxUnit && minValue * 100 < maxValue) return scaleValue(100 * minValue, sampleUnit, 'minimum')[1];
  return minUnit;
}
