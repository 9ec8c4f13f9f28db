export { LegalError } from './errors/legal-error.js';
