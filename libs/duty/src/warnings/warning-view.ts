import {
  HazardPointRecord,
  OPEN_WARNING_TASK_STATUSES,
  WARNING_ACTION_NAMES,
  WARNING_COLOUR_NAMES,
  WarningRecord,
  WarningTaskRecord,
} from '@erp/domain';

export function warningSummary(w: WarningRecord) {
  return {
    id: w.id,
    event: w.event,
    hazardType: w.hazardType,
    colour: w.colour,
    colourZh: w.colour ? WARNING_COLOUR_NAMES[w.colour] : null,
    headline: w.headline,
    sender: w.sender,
    status: w.status,
    endReason: w.endReason,
    issuedAt: w.issuedAt.toISOString(),
    effectiveAt: w.effectiveAt.toISOString(),
    expiresAt: w.expiresAt?.toISOString() ?? null,
    endedAt: w.endedAt?.toISOString() ?? null,
    area: w.area,
    identifiers: w.identifiers,
    revision: w.revision,
  };
}

export function warningTaskView(t: WarningTaskRecord) {
  return {
    ...t,
    actionZh: WARNING_ACTION_NAMES[t.action],
    open: OPEN_WARNING_TASK_STATUSES.includes(t.status),
    dispatchedAt: t.dispatchedAt.toISOString(),
    acknowledgeDueAt: t.acknowledgeDueAt.toISOString(),
    completeDueAt: t.completeDueAt.toISOString(),
    acknowledgedAt: t.acknowledgedAt?.toISOString() ?? null,
    completedAt: t.completedAt?.toISOString() ?? null,
    cancelledAt: t.cancelledAt?.toISOString() ?? null,
  };
}

/** A warning whole: its area and colour, and each hazard point it tasked with that point's tasks. */
export function warningDetail(
  w: WarningRecord,
  tasks: readonly WarningTaskRecord[],
  points: ReadonlyMap<string, HazardPointRecord>,
) {
  const byPoint = new Map<string, WarningTaskRecord[]>();
  for (const t of tasks) byPoint.set(t.hazardPointId, [...(byPoint.get(t.hazardPointId) ?? []), t]);
  return {
    ...warningSummary(w),
    hazardPoints: [...byPoint].map(([id, pointTasks]) => {
      const point = points.get(id);
      return {
        id,
        name: point?.name ?? pointTasks[0].hazardPointName,
        kind: point?.kind ?? null,
        riskGrade: point?.riskGrade ?? null,
        townshipCode: pointTasks[0].townshipCode,
        position: point?.position ?? null,
        threatenedPersons: point?.threatenedPersons ?? null,
        threatenedHouseholds: point?.threatenedHouseholds ?? null,
        tasks: pointTasks.map(warningTaskView),
      };
    }),
  };
}
