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
});
