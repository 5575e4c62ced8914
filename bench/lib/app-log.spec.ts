import { AppLog } from './app-log';

const json = (level: string, message: unknown) => JSON.stringify({ level, pid: 1, message, context: 'x' });

describe('AppLog', () => {
  it('counts lines by level, text lines apart, and kafkajs start-up notices apart', () => {
    const log = new AppLog();
    log.read(json('warn', 'slow'));
    log.read(json('warn', 'KafkaJS v2.0.0 switched default partitioner to DefaultPartitioner'));
    log.read('plain text');
    log.read('');
    expect(log.levels).toEqual({ warn: 1, 'kafkajs notice': 1, text: 1 });
    expect(log.count('warn')).toBe(1);
    expect(log.count('error')).toBe(0);
  });

  it('keeps a few distinct samples of warnings and errors, with a nested message and its error', () => {
    const log = new AppLog(300, 2);
    log.read(json('error', { message: 'handler failed', error: 'deadlock detected' }));
    log.read(json('error', { message: 'handler failed', error: 'deadlock detected' }));
    log.read(json('log', 'started'));
    log.read(json('warn', 'retrying'));
    log.read(json('fatal', 'too late'));
    expect(log.samples).toEqual(['error: handler failed (deadlock detected)', 'warn: retrying']);
  });

  it("reads pino's lines, whose extra fields sit beside the message", () => {
    const log = new AppLog();
    log.read(JSON.stringify({ level: 'error', message: 'handler failed', error: 'connection refused' }));
    expect(log.samples).toEqual(['error: handler failed (connection refused)']);
  });

  it('counts dead-lettered records and keeps the last lines', () => {
    const log = new AppLog(2);
    log.read(json('warn', 'record dead-lettered: bad payload'));
    log.read('two');
    log.read('three');
    expect(log.deadLettered).toBe(1);
    expect(log.tail()).toBe('two\nthree');
  });
});
