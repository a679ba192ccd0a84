/** One line of the Prometheus text exposition format 0.0.4. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const COMMENT = /^#\s+(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s+(.*))?$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
const SUFFIXES: Record<string, string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/**
 * Parses an exposition strictly: a malformed line, or a sample outside the family its
 * `# TYPE` line announced, throws, so a test reading the result also checks the format.
 */
export function parseExposition(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  let current: MetricFamily | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const comment = COMMENT.exec(line);
    if (comment) {
      const [, kind, name, rest = ''] = comment;
      current = families.get(name) ?? { name, type: 'untyped', help: '', samples: [] };
      families.set(name, current);
      if (kind === 'TYPE') current.type = rest;
      else current.help = rest;
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = parseSample(line);
    if (!current || !belongsTo(sample.name, current))
      throw new Error(`sample outside its family: ${line}`);
    current.samples.push(sample);
  }
  return families;
}

function parseSample(line: string): Sample {
  const match = SAMPLE.exec(line);
  if (!match) throw new Error(`malformed sample line: ${line}`);
  const [, name, labelText = '', value] = match;
  return { name, labels: parseLabels(labelText, line), value: parseValue(value, line) };
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match || match.index !== start) throw new Error(`malformed labels: ${line}`);
    labels[match[1]] = match[2].replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    if (match[3] === '') break;
  }
  return labels;
}

// Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case
// (prom-client writes `Nan`).
const SPECIAL_VALUES: Record<string, number> = {
  nan: NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
};

function parseValue(text: string, line: string): number {
  const special = SPECIAL_VALUES[text.toLowerCase()];
  if (special !== undefined) return special;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`malformed value: ${line}`);
  return value;
}

function belongsTo(sampleName: string, family: MetricFamily): boolean {
  const suffixes = SUFFIXES[family.type] ?? [''];
  return suffixes.some((suffix) => sampleName === `${family.name}${suffix}`);
}
