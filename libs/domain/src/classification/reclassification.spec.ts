import { IncidentFacts, NationalClassification, classifyIncident } from './national-classifier';
import { decideReclassification } from './reclassification';

const classify = (facts: IncidentFacts): NationalClassification => classifyIncident(facts);

describe('decideReclassification', () => {
  it('upgrades at once from below 一般 to 一般 (tier and level up)', () => {
    const next = classify({ type: 'fire', casualties: { deaths: 1 } });
    const d = decideReclassification({ tier: 'T1_MINOR', level: null }, next);
    expect(d).toMatchObject({
      kind: 'upgrade',
      tier: 'up',
      level: 'up',
      from: { tier: 'T1_MINOR', level: null },
    });
    if (d.kind === 'upgrade') {
      expect(d.to).toBe(next);
      expect(d.reasons[0]).toContain('立即生效');
    }
  });

  it('upgrades from 一般 to 较大', () => {
    const d = decideReclassification(
      { tier: 'T2_GENERAL', level: 'IV' },
      classify({ type: 'fire', casualties: { deaths: 3 } }),
    );
    expect(d).toMatchObject({ kind: 'upgrade', tier: 'up', level: 'up' });
  });

  it('upgrades on a level-only change within T3 (较大 → 重大)', () => {
    const d = decideReclassification(
      { tier: 'T3_MAJOR', level: 'III' },
      classify({ type: 'fire', casualties: { deaths: 10 } }),
    );
    expect(d).toMatchObject({ kind: 'upgrade', tier: 'same', level: 'up' });
  });

  it('upgrades on a tier-only change (hazard bump: T1 → T2, level still null)', () => {
    const next = classify({ type: 'landslide', hazardPoint: { riskGrade: 'major' } });
    const d = decideReclassification({ tier: 'T1_MINOR', level: null }, next);
    expect(d).toMatchObject({ kind: 'upgrade', tier: 'up', level: 'same' });
  });

  it('asks a duty officer to confirm a downgrade from 较大 to 一般', () => {
    const d = decideReclassification(
      { tier: 'T3_MAJOR', level: 'III' },
      classify({ type: 'fire', casualties: { deaths: 1 } }),
    );
    expect(d).toMatchObject({ kind: 'downgrade-needs-confirmation', tier: 'down', level: 'down' });
    if (d.kind === 'downgrade-needs-confirmation') expect(d.reasons[0]).toContain('须值班员确认');
  });

  it('asks for confirmation on a level-only downgrade within T3 (特别重大 → 较大)', () => {
    const d = decideReclassification(
      { tier: 'T3_MAJOR', level: 'I' },
      classify({ type: 'fire', casualties: { deaths: 5 } }),
    );
    expect(d).toMatchObject({ kind: 'downgrade-needs-confirmation', tier: 'same', level: 'down' });
  });

  it('asks for confirmation when a level disappears but the tier stays (一般 → floor-lifted T2)', () => {
    const next = classify({ type: 'flood', casualties: { deaths: 2 } });
    expect(next).toMatchObject({ tier: 'T2_GENERAL', level: null });
    const d = decideReclassification({ tier: 'T2_GENERAL', level: 'IV' }, next);
    expect(d).toMatchObject({ kind: 'downgrade-needs-confirmation', tier: 'same', level: 'down' });
  });

  it('asks for confirmation to go back below 一般', () => {
    const d = decideReclassification({ tier: 'T2_GENERAL', level: 'IV' }, classify({ type: 'fire' }));
    expect(d.kind).toBe('downgrade-needs-confirmation');
  });

  it('changes nothing when tier and level are the same, whatever the reasons', () => {
    expect(
      decideReclassification(
        { tier: 'T3_MAJOR', level: 'III' },
        classify({ type: 'fire', casualties: { deaths: 4 } }),
      ),
    ).toEqual({
      kind: 'unchanged',
    });
    expect(
      decideReclassification({ tier: 'T1_MINOR', level: null }, classify({ type: 'public_security' })),
    ).toEqual({
      kind: 'unchanged',
    });
  });

  it('lets the tier decide when tier and level move apart (grade set outside the mapping)', () => {
    const up = decideReclassification(
      { tier: 'T1_MINOR', level: 'IV' },
      classify({ type: 'gas_leak', hazardPoint: { riskGrade: 'high' } }),
    );
    expect(up).toMatchObject({ kind: 'upgrade', tier: 'up', level: 'down' });
    const down = decideReclassification(
      { tier: 'T3_MAJOR', level: 'IV' },
      classify({ type: 'fire', casualties: { deaths: 2 } }),
    );
    expect(down).toMatchObject({ kind: 'downgrade-needs-confirmation', tier: 'down', level: 'same' });
  });

  it('does not keep a reference to the caller’s current grade', () => {
    const current = { tier: 'T1_MINOR' as const, level: null };
    const d = decideReclassification(current, classify({ type: 'fire', casualties: { deaths: 1 } }));
    if (d.kind === 'unchanged') throw new Error('expected a change');
    expect(d.from).toEqual(current);
    expect(d.from).not.toBe(current);
  });
});
