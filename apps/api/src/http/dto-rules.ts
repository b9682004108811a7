import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Shared field rules so every DTO bounds text the same way. */
export const Text = (max: number, example?: string, description?: string) =>
  applyDecorators(IsString(), IsNotEmpty(), MaxLength(max), ApiProperty({ maxLength: max, example, description }));

export const OptionalText = (max: number, example?: string, description?: string) =>
  applyDecorators(IsOptional(), IsString(), IsNotEmpty(), MaxLength(max), ApiPropertyOptional({ maxLength: max, example, description }));

export const UNIT_CODE = /^[A-Za-z0-9_-]{1,64}$/;
/** Format only; existence in the directory is a domain rule (UNKNOWN_UNIT, 400). */
export const UnitCode = (example: string, description?: string) =>
  applyDecorators(IsString(), Matches(UNIT_CODE, { message: '$property must be a unit code from the directory' }), ApiProperty({ example, description }));

/** An instant with a UTC offset, e.g. 2024-11-28T08:30:00+07:00. */
export const Instant = (example: string, description?: string) =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }),
    Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, { message: '$property must be an ISO-8601 date-time with offset' }),
    ApiProperty({ format: 'date-time', example, description }),
  );

/** `YYYY-MM-DD` (Vietnam local date). */
export const OptionalLocalDate = (description: string) =>
  applyDecorators(
    IsOptional(),
    IsISO8601({ strict: true }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a YYYY-MM-DD date' }),
    ApiPropertyOptional({ format: 'date', example: '2024-12-20', description }),
  );
