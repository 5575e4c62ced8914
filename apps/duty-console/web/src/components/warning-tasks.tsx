import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { LiveEvent, WarningTask } from '../api/types';
import { localTime } from '../format/countdown';
import { useLiveReload, useLoad } from '../hooks';
import { language, t } from '../i18n/i18n';

/** A warning's own changes (issued, amended, ended): what the strip of warnings in force shows. */
const WARNING_CHANGES = new Set(['WarningIssued', 'WarningAmended', 'WarningEnded']);
const isWarningChange = (event: LiveEvent) => WARNING_CHANGES.has(event.type);
/** Any fact of a warning task (assigned, moved, stood down, escalated). */
const isWarningTaskFact = (event: LiveEvent) => event.type.startsWith('WarningTask');

/**
 * 预警任务: the signed-in person's open tasks from warnings (a hazard point's monitor or person in charge),
 * each with its deadline and next move. Shows nothing when there are none.
 */
export function WarningTasks() {
  const tasks = useLoad(() => api.myWarningTasks().then((r) => r.items), []);
  useLiveReload(() => tasks.reload(), isWarningTaskFact);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = tasks.data ?? [];
  if (!list.length) return null;

  const move = async (task: WarningTask, next: 'acknowledge' | 'complete') => {
    setBusy(task.id);
    setError(null);
    try {
      await api.moveWarningTask(task.id, next);
      tasks.reload();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="warning-tasks" data-test="warning-tasks">
      <h2>{t('warnings.tasksTitle')}</h2>
      {error && (
        <p class="notice error" role="alert">
          {t('common.error', { message: error })}
        </p>
      )}
      {list.map((task) => (
        <article class="task-card" key={task.id} data-test="warning-task">
          <h3>
            {t(`warnings.action.${task.action}`)} · {task.hazardPointName}
          </h3>
          <p class="muted">
            {task.status === 'dispatched'
              ? t('warnings.ackBy', { time: localTime(task.acknowledgeDueAt, language()) })
              : t('warnings.completeBy', { time: localTime(task.completeDueAt, language()) })}
          </p>
          <div class="actions">
            {task.status === 'dispatched' && (
              <button disabled={busy === task.id} onClick={() => move(task, 'acknowledge')}>
                {t('warnings.acknowledge')}
              </button>
            )}
            <button disabled={busy === task.id} onClick={() => move(task, 'complete')}>
              {t('warnings.complete')}
            </button>
          </div>
        </article>
      ))}
    </section>
  );
}

/** 生效中的预警: the warnings in force, as a strip of their colours, for the map and the overview. */
export function ActiveWarnings() {
  const warnings = useLoad(() => api.activeWarnings().then((r) => r.items), []);
  useLiveReload(() => warnings.reload(), isWarningChange);
  const list = warnings.data ?? [];
  if (!list.length) return null;
  return (
    <section class="active-warnings" data-test="active-warnings" aria-label={t('warnings.active')}>
      {list.map((w) => (
        <p class={`warning-badge warning-${w.colour ?? 'none'}`} key={w.id} data-test="active-warning">
          <strong>
            {w.event} {t(`warnings.colour.${w.colour ?? 'none'}`)}
          </strong>{' '}
          {w.area.description}
          {w.expiresAt && (
            <span class="muted"> · {t('warnings.until', { time: localTime(w.expiresAt, language()) })}</span>
          )}
        </p>
      ))}
    </section>
  );
}
