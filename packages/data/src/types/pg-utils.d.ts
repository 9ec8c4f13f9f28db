/** node-postgres' parameter serialisation (the same conversion `client.query` applies to values). */
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}
