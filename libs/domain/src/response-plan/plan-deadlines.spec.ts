import { DEFAULT_LADDERS } from '../escalation/escalation-ladder';
import { deadlineSeconds, ladderFor, rescueTeamDeadlines, withDefaults } from './plan-deadlines';
import { TieredResponsePlan } from './plan-document';
import { SAMPLE_PLAN } from './sample-plan';

describe('the plan’s deadlines for a task', () => {
  it('fills what a participant leaves out from the plan’s defaults, never overriding it', () => {
    expect(
      withDefaults({ acknowledgeSeconds: 60 }, { acknowledgeSeconds: 600, completeSeconds: 3600 }),
    ).toEqual({
      acknowledgeSeconds: 60,
      completeSeconds: 3600,
    });
    expect(withDefaults({ acknowledgeSeconds: 60 }, undefined)).toEqual({ acknowledgeSeconds: 60 });
  });

  it('gives a rescue team the circle for its arrival, and the team defaults over the asking participant', () => {
    const d = rescueTeamDeadlines(
      { defaults: { rescueTeam: { acknowledgeSeconds: 120, departSeconds: 180 } } },
      { acknowledgeSeconds: 300, departSeconds: 300, arriveSeconds: 1800, firstReportSeconds: 1800 },
      900,
    );
    expect(d).toEqual({
      acknowledgeSeconds: 120,
      departSeconds: 180,
      arriveSeconds: 900,
      firstReportSeconds: 1800,
    });
  });

  it('turns plan deadlines into the task’s per-kind seconds, leaving out what is unset', () => {
    expect(deadlineSeconds({ acknowledgeSeconds: 60, arriveSeconds: 900 })).toEqual({ ack: 60, arrive: 900 });
  });
});

describe('ladderFor', () => {
  it('takes the clause’s ladder first, then the plan’s', () => {
    expect(ladderFor(SAMPLE_PLAN, 't3-committee-leads', 'ack')?.step(3)?.action).toBe('report_to_city');
    expect(ladderFor(SAMPLE_PLAN, 't1-township-office-leads', 'ack')?.step(3)?.action).toBe('task_unit');
    expect(ladderFor(SAMPLE_PLAN, 'escalation:whatever', 'arrive')?.step(1)?.action).toBe(
      'dispatch_next_team',
    );
  });

  it('gives a plan without ladders the defaults, and a plan with ladders none for a kind it leaves out', () => {
    const bare = { clauses: [] } as Pick<TieredResponsePlan, 'clauses' | 'ladders'>;
    expect(ladderFor(bare, 'x', 'complete')?.step(1)).toEqual(DEFAULT_LADDERS.complete!.steps[0]);
    expect(ladderFor({ ...bare, ladders: { ack: DEFAULT_LADDERS.ack } }, 'x', 'complete')).toBeNull();
  });
});
