import { ApiError } from '../api/client';
import { api } from '../api/endpoints';
import type { IncidentSummary } from '../api/types';
import { TierBadge } from '../components/badges';
import { localTime } from '../format/countdown';
import { useLiveReload, useLoad } from '../hooks';
import { language, t } from '../i18n/i18n';
import { useHeardIncidents } from '../overview/heard-incidents';
import { mergeOpen, overviewOf, TIERS } from '../overview/overview-model';
import { incidentTypes, townshipName, typeName } from '../reference';
import { follow } from '../router';
import { sessions } from '../session/session-store';
import { isOpen, normalizeTask } from '../tasks/task-view';

/** An officer's incidents when the server has no list: those of their open tasks. */
async function incidentsOfMyTasks(): Promise<IncidentSummary[]> {
  if (sessions.current()?.role !== 'duty_officer') return [];
  const tasks = (await api.tasks('open')).map(normalizeTask).filter((x) => isOpen(x.status));
  const ids = [...new Set(tasks.map((x) => x.incidentId))];
  const found = await Promise.all(ids.map((id) => api.incident(id).catch(() => null)));
  return found.filter((i): i is NonNullable<typeof i> => i !== null && i.status === 'open');
}

/**
 * The open incidents (GET /incidents?status=open, issue 10) and those heard live. Before issue 10 the
 * route answers 404: the list is then an officer's incidents of their open tasks and what was heard
 * since the page opened, and the page says so.
 */
export function useOpenIncidents(): { open: IncidentSummary[]; partial: boolean; error?: Error } {
  const listed = useLoad(
    () =>
      api.openIncidents().catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
    [],
  );
  const partial = listed.data === null;
  const mine = useLoad(() => (partial ? incidentsOfMyTasks() : Promise.resolve([])), [partial]);
  useLiveReload(
    () => {
      listed.reload();
      mine.reload();
    },
    (e) => e.incidentId !== null,
    1000,
  );
  const heard = useHeardIncidents();
  const known = [...(mine.data ?? []), ...heard.values()];
  return { open: mergeOpen(listed.data?.items ?? [], known), partial, error: listed.error };
}

/** 指挥总览: open incidents by tier and township, breaches first. */
export function OverviewScreen() {
  const { open, partial, error } = useOpenIncidents();
  const types = useLoad(incidentTypes, []);
  const o = overviewOf(open);
  return (
    <main class="screen overview">
      <div class="screen-head">
        <h1>{t('overview.title')}</h1>
        <span class="muted">{t('overview.open', { n: open.length })}</span>
      </div>
      {partial && <p class="notice warn">{t('overview.partial')}</p>}
      {error && <p class="notice error">{t('common.error', { message: error.message })}</p>}

      <section class="tier-boxes" aria-label={t('overview.byTier')}>
        {TIERS.map((tier) => (
          <div key={tier} class={`tier-box tier-${tier}`}>
            <strong>{o.byTier[tier]}</strong>
            <span>{t(`tier.${tier}`)}</span>
          </div>
        ))}
      </section>

      <section class="card">
        <h2>{t('overview.byTownship')}</h2>
        {o.byTownship.length === 0 ? (
          <p class="muted">{t('overview.empty')}</p>
        ) : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>{t('incident.township')}</th>
                  {TIERS.map((tier) => (
                    <th key={tier}>{t(`tier.${tier}`)}</th>
                  ))}
                  <th>{t('overview.breachesHeader')}</th>
                </tr>
              </thead>
              <tbody>
                {o.byTownship.map((row) => (
                  <tr key={row.code} class={row.breaches ? 'breached' : ''}>
                    <td>{townshipName(row.code)}</td>
                    {TIERS.map((tier) => (
                      <td key={tier}>{row.byTier[tier] || ''}</td>
                    ))}
                    <td>{row.breaches || ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section class="incident-list">
        {o.incidents.map((i) => {
          const path = `/incidents/${i.id}`;
          return (
            <a
              key={i.id}
              href={path}
              onClick={(e) => follow(e, path)}
              class={`card incident-row ${i.breaches ? 'breached' : ''}`}
              data-test="overview-incident"
            >
              <span>
                <TierBadge tier={i.tier} /> <strong>{typeName(i.type, types.data)}</strong> ·{' '}
                {townshipName(i.townshipCode)}
                {i.exercise && <span class="badge exercise">{t('incident.exercise')}</span>}
              </span>
              <span class="muted">{i.description}</span>
              <span class="row-foot">
                {localTime(i.openedAt, language())}
                {i.breaches ? (
                  <strong class="breach"> · {t('overview.breaches', { n: i.breaches })}</strong>
                ) : null}
                {typeof i.openTasks === 'number' && <> · {t('overview.openTasks', { n: i.openTasks })}</>}
              </span>
            </a>
          );
        })}
      </section>
    </main>
  );
}
