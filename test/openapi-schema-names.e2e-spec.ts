import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const SERVICES = ['issuing', 'reimbursement', 'audit'];
/** Code every service's document may draw schemas from. */
const SHARED = ['libs'];

/** Every class declared in a source file that describes an OpenAPI schema, with its file. */
function schemaClasses(dir: string): Array<{ name: string; file: string }> {
  const files = readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => join(ROOT, dir, file));
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    if (!/@ApiProperty|@ApiPropertyOptional|@ApiSchema/.test(text)) return [];
    return [...text.matchAll(/^(?:export )?(?:abstract )?class (\w+)/gm)].map(([, name]) => ({
      name,
      file: relative(ROOT, file),
    }));
  });
}

/**
 * @nestjs/swagger names a schema after its class and keeps one schema per name: a second class
 * of the same name silently takes the first one's place, so an operation documents a shape its
 * server neither accepts nor returns (the invoice's seller once pointed at the registered party,
 * which requires id, roles and createdAt). Every class that can reach one service's document
 * must have its own name.
 */
describe('OpenAPI schema names', () => {
  it.each(SERVICES)('are unique among the classes the %s document draws from', (service) => {
    const classes = [`apps/${service}/src`, ...SHARED].flatMap(schemaClasses);
    const byName = new Map<string, string[]>();
    for (const { name, file } of classes) byName.set(name, [...(byName.get(name) ?? []), file]);
    const clashes = [...byName.entries()]
      .filter(([, files]) => files.length > 1)
      .map(([name, files]) => `${name}: ${files.join(', ')}`);
    expect(classes.length).toBeGreaterThan(10);
    expect(clashes).toEqual([]);
  });
});
