import { useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { IncidentSummary, TaskView } from '../api/types';
import { TaskCard } from '../components/task-card';
import { WarningTasks } from '../components/warning-tasks';
import { useLiveReload, useLoad } from '../hooks';
import { t } from '../i18n/i18n';
import { incidentTypes, unitsById } from '../reference';
import { isOpen, newestFirst, normalizeTask } from '../tasks/task-view';

/**
 * The tasks of my units with their incidents. Before issue 10 a task row has no incident: each
 * distinct incident is then read once (GET /incidents/{id}) and kept for the page's life.
 */
async function loadTasks(showAll: boolean, incidents: Map<string, IncidentSummary>): Promise<TaskView[]> {
  const rows = (await api.tasks(showAll ? 'all' : 'open')).map(normalizeTask);
  // A server that ignores ?status= (before issue 10) sends every task: keep the open ones.
  const tasks = showAll ? rows : rows.filter((task) => isOpen(task.status));
  const missing = [
    ...new Set(tasks.filter((x) => !x.incident && !incidents.has(x.incidentId)).map((x) => x.incidentId)),
  ];
  await Promise.all(
    missing.map((id) =>
      api.incident(id).then(
        (incident) => incidents.set(id, incident),
        () => undefined, // the card shows the id instead
      ),
    ),
  );
  return newestFirst(
    tasks.map((task) => ({ ...task, incident: task.incident ?? incidents.get(task.incidentId) })),
  );
}

/** 我的任务: newest first, each with its live countdown and next move; updated as events arrive. */
export function MyTasks() {
  const [showAll, setShowAll] = useState(false);
  const [incidents] = useState(() => new Map<string, IncidentSummary>());
  const tasks = useLoad(() => loadTasks(showAll, incidents), [showAll]);
  const types = useLoad(incidentTypes, []);
  const units = useLoad(unitsById, []);
  useLiveReload(() => tasks.reload());
  const [changed, setChanged] = useState<Record<string, TaskView>>({});

  const list = (tasks.data ?? []).map((task) => {
    const answer = changed[task.id];
    // The server's answer to a move is newer than the list until the list reloads past it.
    return answer && answer.status !== task.status ? { ...task, ...answer, incident: task.incident } : task;
  });
  return (
    <main class="screen">
      <div class="screen-head">
        <h1>{t('tasks.title')}</h1>
        <label class="toggle">
          <input
            type="checkbox"
            checked={showAll}
            onChange={(e) => setShowAll((e.target as HTMLInputElement).checked)}
          />
          {t('tasks.showAll')}
        </label>
      </div>
      {tasks.error && (
        <p class="notice error" role="alert">
          {t('common.error', { message: tasks.error.message })}{' '}
          <button onClick={() => tasks.reload()}>{t('common.retry')}</button>
        </p>
      )}
      <WarningTasks />
      {tasks.loading && !tasks.data && <p class="muted">{t('common.loading')}</p>}
      {tasks.data && list.length === 0 && (
        <p class="muted" data-test="no-tasks">
          {t('tasks.empty')}
        </p>
      )}
      <div class="task-list">
        {list.map((task) => (
          <TaskCard
            key={task.id}
            task={task}
            types={types.data}
            units={units.data}
            onChanged={(answer) => {
              setChanged((c) => ({ ...c, [answer.id]: answer }));
              tasks.reload();
            }}
          />
        ))}
      </div>
    </main>
  );
}
