// Process entry: load config → TLS → build the app → listen (HTTPS + the HTTP redirect/CA page).
// Graceful close on SIGTERM/SIGINT. No logic beyond wiring.
import { loadConfigFromEnvironment, ConfigError } from './config/config.js';
import { readVersion } from './config/version.js';
import { buildApp } from './app.js';
import { startServer } from './serve.js';

try {
  const config = loadConfigFromEnvironment(readVersion());
  await startServer(config, buildApp);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78); // EX_CONFIG
  }
  console.error(err);
  process.exit(1);
}
