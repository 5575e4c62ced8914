/** Progress goes to stderr with a timestamp, so stdout holds only the report. */
export function progress(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString()}] ${line}\n`);
}

/** A line of the report, on stdout. */
export function print(text = ''): void {
  process.stdout.write(text + '\n');
}
