import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
// eslint-disable-next-line no-restricted-imports -- the one place it is paired with a type check
import { IsArray, IsObject, ValidateNested } from 'class-validator';
import { recordNestedType } from './compiled-acceptance';

type Constructor = new () => object;

/**
 * A member that must be one object of the given class, validated in turn. `ValidateNested`
 * alone lets an absent member or an array through (a handler then reads a member of
 * `undefined`): the type check comes with it here, and lint forbids it on its own.
 */
export function NestedObject(type: () => Constructor): PropertyDecorator {
  return applyDecorators(IsObject(), ValidateNested(), Type(type), recorded(type));
}

/** A member that must be an array of objects of the given class, each validated in turn. */
export function NestedObjects(type: () => Constructor): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(type),
    recorded(type),
  );
}

/** The member's class, for its compiled schema (CompiledAcceptance). */
function recorded(type: () => Constructor): PropertyDecorator {
  return (target, property) => recordNestedType(target, String(property), type);
}
