import { useCallback, useRef, useState } from 'preact/hooks';
import { api } from '../api/endpoints';
import type { IncidentSummary, TaskStatus, TaskView } from '../api/types';
import { TaskCard } from '../components/task-card';
import { useLiveEvents, useLiveReload, useLoad } from '../hooks';
import { t } from '../i18n/i18n';
import { capabilityNames, incidentTypes, unitsById } from '../reference';
import { advancedTo, isOpen, newestFirst, normalizeTask, stageMoveOf } from '../tasks/task-view';

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
  const capabilities = useLoad(capabilityNames, []);
  const reloadTasks = useRef(tasks.reload);
  reloadTasks.current = tasks.reload;
  // New tasks and other changes reload the list soon; a stage event shows on its card at once (below),
  // so the server's whole view of it can wait for a quiet moment: a busy district never reloads the
  // list (hundreds of tasks) on every acknowledgement.
  useLiveReload(
    () => tasks.reload(),
    (event) => stageMoveOf(event) === null,
  );
  useLiveReload(
    () => tasks.reload(),
    (event) => stageMoveOf(event) !== null,
    5_000,
    15_000,
  );
  const [changed, setChanged] = useState<Record<string, TaskView>>({});
  const [heard, setHeard] = useState<Record<string, TaskStatus>>({});
  useLiveEvents((event) => {
    const move = stageMoveOf(event);
    if (move) setHeard((h) => ({ ...h, [move.taskId]: move.status }));
  });
  // The same task, moved to the same status, stays the same object: unchanged cards do not redraw.
  const advanced = useRef(new WeakMap<TaskView, Map<TaskStatus, TaskView>>());
  const advance = (task: TaskView, status: TaskStatus): TaskView => {
    let byStatus = advanced.current.get(task);
    if (!byStatus) advanced.current.set(task, (byStatus = new Map()));
    let shown = byStatus.get(status);
    if (!shown) byStatus.set(status, (shown = advancedTo(task, status)));
    return shown;
  };
  const onChanged = useCallback((answer: TaskView) => {
    setChanged((c) => ({ ...c, [answer.id]: answer }));
    reloadTasks.current();
  }, []);

  const list = (tasks.data ?? []).map((task) => {
    const answer = changed[task.id];
    // The server's answer to a move is newer than the list until the list reloads past it.
    const shown =
      answer && answer.status !== task.status ? { ...task, ...answer, incident: task.incident } : task;
    const status = heard[task.id];
    return status ? advance(shown, status) : shown;
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
            capabilities={capabilities.data}
            onChanged={onChanged}
          />
        ))}
      </div>
    </main>
  );
}
