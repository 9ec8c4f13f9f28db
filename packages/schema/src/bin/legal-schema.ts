#!/usr/bin/env node
import { main } from '../cli/main.js';
import { nodeIo } from '../cli/node-io.js';

main(process.argv.slice(2), nodeIo()).then((code) => {
  process.exitCode = code;
});
