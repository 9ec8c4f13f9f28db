export { migrationsDir } from './migrations-dir.js';
