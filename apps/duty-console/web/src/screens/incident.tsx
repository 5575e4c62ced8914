import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { AlarmView, TaskStatus } from '../api/types';
import { levelText, StatusBadge, TierBadge } from '../components/badges';
import { DeadlineClock } from '../components/deadline-clock';
import { localTime } from '../format/countdown';
import { useLiveReload, useLoad } from '../hooks';
import { language, t } from '../i18n/i18n';
import { incidentTypes, townshipName, typeName, unitsById } from '../reference';
import { follow } from '../router';
import { normalizeTask } from '../tasks/task-view';

/** 事件详情: facts, tier and level with the reasons, alarms, tasks and the timeline as it grows. */
export function IncidentScreen({ id }: { id: string }) {
  const incident = useLoad(() => api.incident(id), [id]);
  const timeline = useLoad(() => api.timeline(id), [id]);
  const types = useLoad(incidentTypes, []);
  const units = useLoad(unitsById, []);
  useLiveReload(
    () => {
      incident.reload();
      timeline.reload();
    },
    (event) => event.incidentId === id,
  );

  if (incident.error instanceof ApiError && incident.error.status === 404)
    return (
      <main class="screen">
        <p class="notice error">{t('incident.notFound')}</p>
      </main>
    );
  const i = incident.data;
  if (!i)
    return (
      <main class="screen">
        <p class="muted">
          {incident.error ? t('common.error', { message: incident.error.message }) : t('common.loading')}
        </p>
      </main>
    );
  const tasks = i.tasks.map(normalizeTask);
  const unitName = (unitId: string) => units.data?.get(unitId)?.name ?? unitId;
  return (
    <main class="screen incident" data-test="incident" data-incident-id={i.id}>
      <div class="screen-head">
        <h1>
          <TierBadge tier={i.tier} /> {typeName(i.type, types.data)} · {townshipName(i.townshipCode)}
        </h1>
        <a href="/tasks" onClick={(e) => follow(e, '/tasks')}>
          {t('common.back')}
        </a>
      </div>

      <section class="card">
        <h2>{t('incident.facts')}</h2>
        <dl class="facts">
          <dt>{t('incident.type')}</dt>
          <dd>{typeName(i.type, types.data)}</dd>
          <dt>{t('incident.township')}</dt>
          <dd>
            {townshipName(i.townshipCode)} ({i.townshipCode})
          </dd>
          <dt>{t('incident.openedAt')}</dt>
          <dd>{localTime(i.openedAt, language())}</dd>
          <dt>{t('incident.status')}</dt>
          <dd>
            {t(`incident.${i.status as 'open' | 'closed' | 'cancelled'}`)}
            {i.exercise && <span class="badge exercise">{t('incident.exercise')}</span>}
          </dd>
          <dt>{t('incident.description')}</dt>
          <dd>{i.description}</dd>
        </dl>
      </section>

      <section class="card">
        <h2>{t('incident.grade')}</h2>
        <dl class="facts">
          <dt>{t('incident.tier')}</dt>
          <dd>
            <TierBadge tier={i.tier} />
          </dd>
          <dt>{t('incident.level')}</dt>
          <dd>{levelText(i.level)}</dd>
          <dt>{t('incident.reasons')}</dt>
          <dd>
            <ul class="reasons">
              {i.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>

      <section class="card">
        <h2>{t('incident.alarms', { n: i.alarmIds.length })}</h2>
        <ul class="alarms" data-test="incident-alarms">
          {(i.alarms ?? i.alarmIds.map((id) => ({ id }) as Partial<AlarmView>)).map((a) => (
            <li key={a.id} data-alarm-id={a.id}>
              {a.receivedAt ? (
                <>
                  <span class="when">{localTime(a.receivedAt, language())}</span>{' '}
                  <span class="who">{a.reporter?.name ? `${a.reporter.name} · ${a.source}` : a.source}</span>{' '}
                  <span class="what">{a.description}</span>
                </>
              ) : (
                <code>{a.id}</code>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section class="card">
        <h2>{t('incident.tasks')}</h2>
        <div class="table-scroll">
          <table data-test="incident-tasks">
            <thead>
              <tr>
                <th>{t('incident.unit')}</th>
                <th>{t('incident.role')}</th>
                <th>{t('incident.taskStatus')}</th>
                <th>{t('incident.nextDeadline')}</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <tr key={task.id}>
                  <td>{unitName(task.unitId)}</td>
                  <td>{t(`role.${task.role}`)}</td>
                  <td>
                    <StatusBadge status={task.status as TaskStatus} />
                  </td>
                  <td>
                    <DeadlineClock deadline={task.nextDeadline} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="card">
        <h2>{t('incident.timeline')}</h2>
        {timeline.data && (
          <p class={`notice ${timeline.data.chainIntact ? 'ok' : 'error'}`}>
            {timeline.data.chainIntact ? t('incident.chainIntact') : t('incident.chainBroken')}
          </p>
        )}
        <ol class="timeline" data-test="timeline">
          {(timeline.data?.entries ?? []).map((entry) => (
            <li key={entry.seq} data-type={entry.type}>
              <time>{localTime(entry.occurredAt, language())}</time>
              <span class="who">{entry.actor.name ?? entry.actor.id}</span>
              <span class="what">{entry.summary}</span>
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
