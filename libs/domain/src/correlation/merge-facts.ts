import { AlarmFacts } from '../alarm/alarm';

type Numbers = Record<string, number | null | undefined>;

/**
 * What several alarms about one incident say together. Reports of one event repeat each other's counts,
 * so each measure takes the largest reported value, never the sum.
 */
export function mergeFacts(a: AlarmFacts, b: AlarmFacts): AlarmFacts {
  const casualties = maxEach((a.casualties ?? {}) as Numbers, (b.casualties ?? {}) as Numbers);
  const top = maxEach(
    {
      economicLossCny: a.economicLossCny,
      affectedAreaHa: a.affectedAreaHa,
      personsThreatened: a.personsThreatened,
    },
    {
      economicLossCny: b.economicLossCny,
      affectedAreaHa: b.affectedAreaHa,
      personsThreatened: b.personsThreatened,
    },
  );
  return { ...(Object.keys(casualties).length ? { casualties } : {}), ...top };
}

function maxEach(a: Numbers, b: Numbers): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const values = [a[key], b[key]].filter((v): v is number => typeof v === 'number');
    if (values.length) out[key] = Math.max(...values);
  }
  return out;
}
