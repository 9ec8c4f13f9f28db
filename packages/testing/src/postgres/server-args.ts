/** The `-o` string of `pg_ctl start`: the port and each setting as `-c name=value`, values quoted for pg_ctl's splitter. */
export function serverArgs(port: number, settings: Readonly<Record<string, string>>): string {
  return [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${quote(v)}`)].join(' ');
}

/** The last lines of a server log, for an error message. */
export function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Quotes a value for pg_ctl's `-o` string (parsed by a shell-like splitter). */
function quote(value: string): string {
  return /^[\w./:-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
