import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** Configuration read once at boot from the environment; libs receive it, they never read `process.env`. */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /** Real EventStoreDB/KurrentDB; when unset, an embedded node is started. */
  @IsOptional()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb):\/\//, { message: 'EVENTSTORE_URL must be an esdb:// connection string' })
  EVENTSTORE_URL?: string;

  /** Real MongoDB; when unset, an embedded node is started. */
  @IsOptional()
  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGO_URL must be a mongodb:// URI' })
  MONGO_URL?: string;

  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,60}$/)
  MONGO_DB = 'lang_nghe';

  /** Where embedded nodes keep their data. */
  @IsString()
  DATA_DIR = './data';

  /** HS256 secret for bearer tokens. Required in production; a fixed development secret otherwise. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Optional JSON files replacing the built-in unit directory and holiday calendar. */
  @IsOptional()
  @IsString()
  DIRECTORY_FILE?: string;

  @IsOptional()
  @IsString()
  CALENDAR_FILE?: string;

  /** Load demo sessions into an empty store on start (default on for the embedded store). */
  @IsOptional()
  @IsIn(['true', 'false'])
  DEMO_DATA?: 'true' | 'false';

  /** Run the projector inside the API process (default). Set false where it runs as its own process. */
  @IsOptional()
  @IsIn(['true', 'false'])
  RUN_PROJECTOR?: 'true' | 'false';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * API processes sharing the port (node:cluster), for more than one core's worth of requests.
   * Above 1 the stores must be real servers (embedded nodes live inside one process) and the
   * projector its own process: it must run once.
   */
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(64)
  API_WORKERS = 1;

  /**
   * Appends go through a worker thread with its own EventStoreDB client (default), so the client's
   * encoding and gRPC work for them uses a second core; `false` appends on the main thread's client.
   */
  @IsIn(['true', 'false'])
  APPEND_THREAD: 'true' | 'false' = 'true';
}

/** Development-only secret so `npm start` needs nothing; production refuses to start without JWT_SECRET. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-never-use-in-production!!';

export class ConfigError extends Error {}

/** Validates the environment once; throws a readable ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(AppConfig, present, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) problems.push('JWT_SECRET is required when NODE_ENV=production');
  if (config.API_WORKERS > 1 && (!config.EVENTSTORE_URL || !config.MONGO_URL)) {
    problems.push('API_WORKERS > 1 needs EVENTSTORE_URL and MONGO_URL: embedded nodes live inside one process');
  }
  if (config.API_WORKERS > 1 && config.RUN_PROJECTOR === 'true') problems.push('API_WORKERS > 1 needs RUN_PROJECTOR=false: the projector must run once');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n - ${problems.join('\n - ')}`);
  return config;
}

/** The secret that signs and verifies tokens under this configuration. */
export const jwtSecret = (config: AppConfig): string => config.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
