import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

type Lookup = (
  target: unknown,
  schema: string | undefined,
  always: boolean,
  strictGroups: boolean,
  groups?: string[],
) => ValidationMetadata[];
type Grouping = (metadatas: ValidationMetadata[]) => Record<string, ValidationMetadata[]>;

/**
 * Remembers class-validator's answer to "the rules of this class", which it otherwise works out
 * on every object it validates: it filters the class's rules, then tests the class against every
 * class with rules for inheritance (`getTargetValidationMetadatas`, with its grouping by
 * property, ≈ 1.5 % of the issuing service's busy time at c = 64, #17). The rules are declared by
 * decorators as classes load, so the answers are forgotten whenever one is added. Installed
 * once on the process's one metadata storage, which every validation (any pipe, `validate`)
 * reads; class-validator neither keeps nor changes the arrays it is given back.
 */
export function cacheValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as {
    getTargetValidationMetadatas: Lookup;
    groupByPropertyName: Grouping;
    addValidationMetadata: (metadata: unknown) => void;
    addConstraintMetadata: (metadata: unknown) => void;
    [INSTALLED]?: true;
  };
  if (storage[INSTALLED]) return;
  storage[INSTALLED] = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const grouping = storage.groupByPropertyName.bind(storage);
  let found = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let grouped = new WeakMap<ValidationMetadata[], Record<string, ValidationMetadata[]>>();
  const forget =
    <A extends unknown[]>(add: (...args: A) => void) =>
    (...args: A): void => {
      found = new Map();
      grouped = new WeakMap();
      add(...args);
    };
  storage.addValidationMetadata = forget(storage.addValidationMetadata.bind(storage));
  storage.addConstraintMetadata = forget(storage.addConstraintMetadata.bind(storage));
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000')}`;
    let byOptions = found.get(target);
    if (!byOptions) found.set(target, (byOptions = new Map<string, ValidationMetadata[]>()));
    let metadatas = byOptions.get(key);
    if (!metadatas)
      byOptions.set(key, (metadatas = lookup(target, schema, always, strictGroups, groups)));
    return metadatas;
  };
  storage.groupByPropertyName = (metadatas) => {
    let byProperty = grouped.get(metadatas);
    if (!byProperty) grouped.set(metadatas, (byProperty = grouping(metadatas)));
    return byProperty;
  };
}

const INSTALLED = Symbol('validation metadata cached');
