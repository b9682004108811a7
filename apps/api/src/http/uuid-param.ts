import { Param, ParseUUIDPipe } from '@nestjs/common';
import { RequestValidationError } from './problem';

/** A path id that must be a UUID; anything else is a 400 before any store read. */
export const UuidParam = (name = 'id'): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => new RequestValidationError('INVALID_ID', `Path parameter "${name}" must be a UUID`, [{ field: name, problems: ['must be a UUID'] }]),
    }),
  );
