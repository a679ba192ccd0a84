import { z } from 'zod';
import { configSchema } from '@taxchain/platform';

export const CONFIG_START = '<!-- config:start -->';
export const CONFIG_END = '<!-- config:end -->';

/** The runbook's configuration table: every variable of the schema, its default and meaning. */
export function renderConfigTable(): string {
  const rows = Object.entries(configSchema.shape).map(([name, field]) => {
    const meaning = [field.description ?? '', allowedValues(field)].filter(Boolean).join(' ');
    return `| \`${name}\` | ${defaultOf(field)} | ${meaning.replace(/\|/g, '\\|')} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Puts the table between the markers of a document, replacing what was there. */
export function withConfigTable(document: string, table: string): string {
  const start = document.indexOf(CONFIG_START);
  const end = document.indexOf(CONFIG_END);
  if (start < 0 || end < start)
    throw new Error(`markers ${CONFIG_START} … ${CONFIG_END} not found`);
  return `${document.slice(0, start + CONFIG_START.length)}\n${table}\n${document.slice(end)}`;
}

/** The environment's text for a default (`LEDGER_WORKERS` defaults to "true", not to a boolean). */
function defaultOf(field: z.ZodType): string {
  const fallback = layers(field).find((layer) => layer instanceof z.ZodDefault);
  if (fallback) {
    const text = String(fallback.def.defaultValue);
    return text === '' ? '*(empty)*' : `\`${text}\``;
  }
  return field.safeParse(undefined).success ? '*(unset)*' : '**required**';
}

function allowedValues(field: z.ZodType): string {
  const choices = layers(field).find((layer) => layer instanceof z.ZodEnum);
  return choices ? `One of ${choices.options.map((o) => `\`${String(o)}\``).join(', ')}.` : '';
}

/** A field and the schemas it wraps: a transform's input, an optional's or default's inner type. */
function layers(field: z.ZodType): z.ZodType[] {
  const found: z.ZodType[] = [];
  for (let layer: z.ZodType | undefined = field; layer;) {
    found.push(layer);
    if (layer instanceof z.ZodPipe) layer = layer.in as z.ZodType;
    else if (layer instanceof z.ZodOptional || layer instanceof z.ZodDefault)
      layer = layer.unwrap() as z.ZodType;
    else layer = undefined;
  }
  return found;
}
