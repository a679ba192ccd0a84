import Ajv, { type SchemaObject, type ValidateFunction } from 'ajv';
import { getMetadataStorage, ValidationTypes, type MetadataStorage } from 'class-validator';

type Constructor = new () => object;
type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/** The class a NestedObject(s) member holds, by class and member (class-transformer's @Type). */
const nestedTypes = new WeakMap<object, Map<string, () => Constructor>>();

/** Recorded by NestedObject and NestedObjects, for the schema of their member. */
export function recordNestedType(target: object, property: string, type: () => Constructor): void {
  let members = nestedTypes.get(target.constructor);
  if (!members)
    nestedTypes.set(target.constructor, (members = new Map<string, () => Constructor>()));
  members.set(property, type);
}

const marked = new WeakSet<object>();

/**
 * Marks a body class whose valid bodies are checked by a compiled JSON Schema before the
 * validation pipe's class-validator (issue #17: ≈ 70 µs of CPU for a `POST /invoices` body
 * there). The schema is built from the class's own class-validator rules, and accepts a subset
 * of what they accept: what it accepts is handed on as parsed, what it refuses goes through
 * class-validator as before, which accepts it after all or words the refusal. So the class may
 * carry no class-transformer step but NestedObject(s)' (its instance must be the body as sent),
 * and a rule the schema cannot state at least as strictly leaves the class to class-validator.
 */
export function CompiledAcceptance(): ClassDecorator {
  return (target) => void marked.add(target);
}

// Regular expressions as class-validator runs them: without the u flag. A class is compiled at
// its first body, when every class has loaded and declared its rules.
const ajv = new Ajv({ unicodeRegExp: false });
const compiled = new WeakMap<object, ValidateFunction | null>();

/** Whether a marked class's compiled schema accepts the value as it is; false for others. */
export function acceptedAsIs(type: unknown, value: unknown): boolean {
  if (typeof type !== 'function' || !marked.has(type)) return false;
  let check = compiled.get(type);
  if (check === undefined) {
    const schema = schemaOf(type as Constructor);
    compiled.set(type, (check = schema ? ajv.compile(schema) : null));
  }
  return check !== null && check(value);
}

/**
 * The JSON Schema of what the class's rules accept, whitelisted and forbidding unknown members
 * as the global pipe does, or undefined when a rule has no equal-or-stricter statement here.
 */
function schemaOf(type: Constructor): SchemaObject | undefined {
  const rules = getMetadataStorage().getTargetValidationMetadatas(type, '', false, false);
  const byMember = new Map<string, ValidationMetadata[]>();
  for (const rule of rules) {
    if (rule.groups?.length || rule.always) return undefined;
    byMember.set(rule.propertyName, [...(byMember.get(rule.propertyName) ?? []), rule]);
  }
  const properties: Record<string, SchemaObject> = {};
  const required: string[] = [];
  for (const [member, memberRules] of byMember) {
    const optional = memberRules.some(isOptional);
    const parts = memberRules
      .filter((rule) => !isOptional(rule))
      .map((rule) => ruleSchema(type, rule));
    if (parts.some((part) => part === undefined)) return undefined;
    properties[member] = { allOf: parts };
    // IsOptional also passes null; the schema refuses it, and class-validator judges it.
    if (!optional) required.push(member);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

function isOptional(rule: ValidationMetadata): boolean {
  return rule.type === ValidationTypes.CONDITIONAL_VALIDATION && rule.name === 'isOptional';
}

/** One rule as a schema the value must also meet; undefined when it cannot be stated. */
function ruleSchema(type: Constructor, rule: ValidationMetadata): SchemaObject | undefined {
  if (rule.type === ValidationTypes.NESTED_VALIDATION) {
    const nested = nestedTypes.get(type)?.get(rule.propertyName);
    const schema = nested && schemaOf(nested());
    if (!schema) return undefined;
    return rule.each ? { type: 'array', items: schema } : schema;
  }
  if (rule.type !== ValidationTypes.CUSTOM_VALIDATION) return undefined;
  const [constraint] = getMetadataStorage().getTargetValidatorConstraints(rule.constraintCls);
  const schema = constraintSchema(constraint?.name, rule.constraints);
  if (!schema || !rule.each) return schema;
  return constraint?.name === 'isObject' ? { type: 'array', items: schema } : undefined;
}

/** The class-validator constraints the body classes use, as JSON Schema. */
function constraintSchema(
  name: string | undefined,
  constraints: unknown[],
): SchemaObject | undefined {
  switch (name) {
    case 'isString':
      return { type: 'string' };
    case 'isLength': {
      // validator.js counts a surrogate pair as one, and a character with its variation
      // selector too: never more than Ajv's count of code points, and at least 1 when that is.
      // So Ajv's bounds are as strict for a minimum of 0 or 1, and as strict or stricter for any
      // maximum.
      const [min, max] = constraints as [number, number | undefined];
      if (!(min === 0 || min === 1)) return undefined;
      return { type: 'string', minLength: min, ...(max === undefined ? {} : { maxLength: max }) };
    }
    case 'matches': {
      const [pattern, modifiers] = constraints as [unknown, unknown];
      if (!(pattern instanceof RegExp) || pattern.flags !== '' || modifiers !== undefined)
        return undefined;
      return { type: 'string', pattern: pattern.source };
    }
    case 'isIn': {
      const [values] = constraints as [unknown[]];
      if (!values.every((value) => typeof value === 'string')) return undefined;
      return { type: 'string', enum: values };
    }
    case 'arrayMinSize':
      return { type: 'array', minItems: constraints[0] as number };
    case 'arrayMaxSize':
      return { type: 'array', maxItems: constraints[0] as number };
    case 'isObject':
      return { type: 'object' };
    case 'isArray':
      return { type: 'array' };
    default:
      return undefined;
  }
}
