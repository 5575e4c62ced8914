import { parentPort } from 'node:worker_threads';
import { CapParseOptions, CapParseResult, parseCapDocument } from '@erp/cap';

/** The CAP parser's own thread (CapParsing): one document at a time, answered by job id. */
parentPort!.on('message', (job: { id: number; bytes: Uint8Array; options: CapParseOptions }) => {
  let result: CapParseResult;
  try {
    result = parseCapDocument(
      Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength),
      job.options,
    );
  } catch (e) {
    result = { ok: false, errors: [{ message: `CAP could not be parsed: ${(e as Error).message}` }] };
  }
  parentPort!.postMessage({ id: job.id, result });
});
