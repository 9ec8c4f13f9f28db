export { findFreePort } from '../../../testing/src/postgres/free-port.js';
