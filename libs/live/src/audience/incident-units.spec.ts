import { IncidentUnits, LoadIncidentUnits } from './incident-units';

const A = 'incident-a';
const B = 'incident-b';

/** A store of record that counts its reads. */
function store(tasks: Record<string, string[]>) {
  const reads: string[][] = [];
  const load: LoadIncidentUnits = async (ids) => {
    reads.push([...ids]);
    return new Map(ids.filter((id) => tasks[id]).map((id) => [id, tasks[id]]));
  };
  return { load, reads };
}

const classified = (incidentId: string | null) => ({ type: 'IncidentClassified', incidentId, payload: {} });
const dispatched = (incidentId: string, unitId: string) => ({
  type: 'TaskDispatched',
  incidentId,
  payload: { unitId },
});

describe('IncidentUnits: who holds a task in an incident, without a query per event', () => {
  it('reads unknown incidents once per batch, then answers from what it keeps', async () => {
    const { load, reads } = store({ [A]: ['office-1'], [B]: ['office-2'] });
    const units = new IncidentUnits(load);
    expect(await units.holders([classified(A), classified(B), classified(A)])).toEqual([
      ['office-1'],
      ['office-2'],
      ['office-1'],
    ]);
    expect(await units.holders([classified(B)])).toEqual([['office-2']]);
    expect(reads).toEqual([[A, B]]);
  });

  it('adds the unit of each TaskDispatched as it passes, from that event on', async () => {
    const { load } = store({ [A]: ['office-1'] });
    const units = new IncidentUnits(load);
    await units.holders([classified(A)]);
    expect(await units.holders([classified(A), dispatched(A, 'team-9'), classified(A)])).toEqual([
      ['office-1'],
      ['office-1', 'team-9'],
      ['office-1', 'team-9'],
    ]);
  });

  it('starts an incident the store does not know yet (no task committed) with no holders', async () => {
    const { load } = store({});
    const units = new IncidentUnits(load);
    expect(await units.holders([classified(A), dispatched(A, 'office-1')])).toEqual([[], ['office-1']]);
  });

  it('answers nothing for events without an incident and never reads for them', async () => {
    const { load, reads } = store({});
    expect(await new IncidentUnits(load).holders([classified(null)])).toEqual([[]]);
    expect(reads).toEqual([]);
  });

  it('forgets the incident least recently seen past its capacity, and reads it again when it returns', async () => {
    const { load, reads } = store({ [A]: ['office-1'], [B]: ['office-2'], c: ['office-3'] });
    const units = new IncidentUnits(load, 2);
    await units.holders([classified(A)]);
    await units.holders([classified(B)]);
    await units.holders([classified(A)]); // A is now the most recent
    await units.holders([classified('c')]); // B goes
    await units.holders([classified(A)]);
    await units.holders([classified(B)]);
    expect(reads).toEqual([[A], [B], ['c'], [B]]);
  });

  it('lets a failing read fail the call, remembering nothing of it', async () => {
    let fail = true;
    const units = new IncidentUnits(async (ids) => {
      if (fail) throw new Error('database is down');
      return new Map(ids.map((id) => [id, ['office-1']]));
    });
    await expect(units.holders([classified(A)])).rejects.toThrow('database is down');
    fail = false;
    expect(await units.holders([classified(A)])).toEqual([['office-1']]);
  });
});
