import { loadConfig, ConfigError, jwtSecret, DEVELOPMENT_JWT_SECRET } from './app.config';

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.EVENTSTORE_URL).toBeUndefined();
    expect(jwtSecret(config)).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('refuses production without a JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  });

  it('reports every invalid value at once', () => {
    const attempt = () => loadConfig({ PORT: 'abc', EVENTSTORE_URL: 'http://x', MONGO_URL: 'x' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT[\s\S]*EVENTSTORE_URL[\s\S]*MONGO_URL/);
  });

  it('accepts real server URLs', () => {
    const config = loadConfig({ EVENTSTORE_URL: 'esdb://es:2113?tls=false', MONGO_URL: 'mongodb://mongo:27017', PORT: '8080' });
    expect(config.PORT).toBe(8080);
    expect(config.MONGO_URL).toBe('mongodb://mongo:27017');
  });

  it('runs several API workers only on real servers and without the in-process projector', () => {
    const servers = { EVENTSTORE_URL: 'esdb://es:2113?tls=false', MONGO_URL: 'mongodb://mongo:27017' };
    expect(loadConfig({}).API_WORKERS).toBe(1);
    expect(loadConfig({ ...servers, API_WORKERS: '4' }).API_WORKERS).toBe(4);
    expect(() => loadConfig({ API_WORKERS: '2' })).toThrow(/API_WORKERS > 1 needs EVENTSTORE_URL and MONGO_URL/);
    expect(() => loadConfig({ ...servers, API_WORKERS: '2', RUN_PROJECTOR: 'true' })).toThrow(/RUN_PROJECTOR=false/);
    expect(() => loadConfig({ ...servers, API_WORKERS: '0' })).toThrow(ConfigError);
  });

  it('appends through the append thread unless APPEND_THREAD=false', () => {
    expect(loadConfig({}).APPEND_THREAD).toBe('true');
    expect(loadConfig({ APPEND_THREAD: 'false' }).APPEND_THREAD).toBe('false');
    expect(() => loadConfig({ APPEND_THREAD: 'no' })).toThrow(ConfigError);
  });
});
