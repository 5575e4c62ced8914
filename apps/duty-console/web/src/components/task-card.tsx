import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { api, ReportBody } from '../api/endpoints';
import type { IncidentTypeRef, Move, TaskView, UnitSummary } from '../api/types';
import { localTime } from '../format/countdown';
import { language, t } from '../i18n/i18n';
import { capabilityName, typeName, townshipName } from '../reference';
import { follow } from '../router';
import { nextMove, normalizeTask, otherMoves } from '../tasks/task-view';
import { StatusBadge, TierBadge } from './badges';
import { DeadlineClock } from './deadline-clock';

interface Props {
  task: TaskView;
  types?: Map<string, IncidentTypeRef>;
  units?: Map<string, UnitSummary>;
  /** Capabilities' Chinese names by code (loaded once by the list, not by each card). */
  capabilities?: Map<string, string>;
  /** The task as the server answered a move, to show at once (the list reloads after). */
  onChanged: (task: TaskView) => void;
}

type Form = 'decline' | 'report' | null;

/**
 * One task: its incident, what is asked, the countdown to its next deadline and its next move. Drawn
 * again only when its props change: a list of 500 redraws only the card an event moved.
 */
export const TaskCard = memo(function TaskCard({ task, types, units, capabilities, onChanged }: Props) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [form, setForm] = useState<Form>(null);
  const incident = task.incident;
  const next = nextMove(task.allowedMoves);

  const run = async (move: Move, send: () => Promise<unknown>) => {
    setBusy(true);
    setMessage(null);
    try {
      const answer = await send();
      setForm(null);
      setMessage({
        kind: 'ok',
        text: move === 'report' ? t('report.sent') : t('move.done', { move: t(`move.${move}`) }),
      });
      if (answer && typeof answer === 'object' && 'status' in answer && move !== 'report')
        onChanged(normalizeTask(answer as Record<string, unknown>));
    } catch (e) {
      setMessage({ kind: 'error', text: moveError(move, e) });
    } finally {
      setBusy(false);
    }
  };

  const press = (move: Move) => {
    if (move === 'decline' || move === 'report') return setForm(form === move ? null : move);
    void run(move, () => api.move(task.id, move));
  };

  const unitName = task.unitName ?? units?.get(task.unitId)?.name ?? task.unitId;
  const incidentPath = `/incidents/${task.incidentId}`;
  return (
    <article class={`card task status-${task.status}`} data-test="task" data-task-id={task.id}>
      <header class="task-head">
        <a href={incidentPath} onClick={(e) => follow(e, incidentPath)} class="task-incident">
          {incident ? (
            <>
              <TierBadge tier={incident.tier} /> <strong>{typeName(incident.type, types)}</strong> ·{' '}
              {townshipName(incident.townshipCode)}
              {incident.exercise && <span class="badge exercise">{t('incident.exercise')}</span>}
            </>
          ) : (
            <strong>
              {t('tasks.incident')} {task.incidentId.slice(0, 8)}
            </strong>
          )}
        </a>
        <StatusBadge status={task.status} />
      </header>
      {incident?.description && <p class="task-description">{incident.description}</p>}
      <p class="task-asked">
        <span class="label">{t('tasks.asked')}</span> {t(`role.${task.role}`)} · {unitName}
        {task.capabilities.length > 0 && (
          <> · {task.capabilities.map((c) => capabilityName(c, capabilities)).join('、')}</>
        )}
        {task.etaSeconds !== null && <> · {t('tasks.eta', { n: Math.round(task.etaSeconds / 60) })}</>}
        {task.escalationStep > 0 && <> · {t('tasks.escalated', { step: task.escalationStep })}</>}
      </p>
      {task.declineReason && (
        <p class="task-asked">{t('tasks.declineReason', { reason: task.declineReason })}</p>
      )}
      <div class="task-foot">
        <DeadlineClock deadline={task.nextDeadline} />
        <span class="muted">
          {t('tasks.dispatchedAt', { time: localTime(task.dispatchedAt, language()) })}
        </span>
      </div>
      {task.allowedMoves.length > 0 && (
        <div class="moves">
          {next && (
            <button class="primary" data-move={next} disabled={busy} onClick={() => press(next)}>
              {t(`move.${next}`)}
            </button>
          )}
          {otherMoves(task.allowedMoves).map((move) => (
            <button
              key={move}
              class={move === 'decline' ? 'danger' : ''}
              data-move={move}
              disabled={busy}
              onClick={() => press(move)}
            >
              {t(`move.${move}`)}
            </button>
          ))}
        </div>
      )}
      {form === 'decline' && (
        <DeclineForm
          busy={busy}
          onSubmit={(reason) => run('decline', () => api.decline(task.id, reason))}
          onCancel={() => setForm(null)}
        />
      )}
      {form === 'report' && (
        <ReportForm
          busy={busy}
          onSubmit={(body) => run('report', () => api.report(task.id, body))}
          onCancel={() => setForm(null)}
        />
      )}
      {message && (
        <p class={`notice ${message.kind === 'ok' ? 'ok' : 'error'}`} role="status" data-test="move-message">
          {message.text}
        </p>
      )}
    </article>
  );
});

function moveError(move: Move, e: unknown): string {
  const name = t(`move.${move}`);
  if (!(e instanceof ApiError)) return t('move.failed', { move: name, message: String(e) });
  if (e.status === 409 && e.allowed.length)
    return t('move.illegal', { move: name, allowed: e.allowed.map((m) => t(`move.${m}`)).join('、') });
  if (e.status === 403) return t('move.forbidden');
  // No such route yet (issue 10 not deployed): the server's 404 names no task.
  if (e.status === 404 && e.code !== 'TASK.NOT_FOUND') return t('move.unavailable', { move: name });
  return t('move.failed', { move: name, message: e.message });
}

function DeclineForm({
  busy,
  onSubmit,
  onCancel,
}: {
  busy: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  return (
    <form
      class="inline-form"
      aria-label={t('decline.title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) onSubmit(reason.trim());
      }}
    >
      <label>
        {t('decline.reason')}
        <textarea
          required
          rows={2}
          value={reason}
          onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="moves">
        <button class="danger" type="submit" disabled={busy || !reason.trim()}>
          {t('decline.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

const CASUALTIES = ['deaths', 'missing', 'seriousInjuries', 'trapped'] as const;

function ReportForm({
  busy,
  onSubmit,
  onCancel,
}: {
  busy: boolean;
  onSubmit: (body: ReportBody) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState('');
  const [counts, setCounts] = useState<Record<(typeof CASUALTIES)[number], string>>({
    deaths: '',
    missing: '',
    seriousInjuries: '',
    trapped: '',
  });
  const [loss, setLoss] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    const body: ReportBody = { text: text.trim() };
    if (CASUALTIES.some((k) => counts[k] !== ''))
      body.casualties = {
        deaths: Number(counts.deaths || 0),
        missing: Number(counts.missing || 0),
        seriousInjuries: Number(counts.seriousInjuries || 0),
        trapped: Number(counts.trapped || 0),
      };
    if (loss !== '') body.economicLossCny = Number(loss);
    onSubmit(body);
  };
  return (
    <form class="inline-form" aria-label={t('report.title')} onSubmit={submit}>
      <label>
        {t('report.text')}
        <textarea
          required
          rows={3}
          value={text}
          onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <div class="numbers">
        {CASUALTIES.map((k) => (
          <label key={k}>
            {t(`report.${k}`)}
            <input
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              value={counts[k]}
              onInput={(e) => setCounts({ ...counts, [k]: (e.target as HTMLInputElement).value })}
            />
          </label>
        ))}
        <label>
          {t('report.loss')}
          <input
            type="number"
            min={0}
            inputMode="numeric"
            value={loss}
            onInput={(e) => setLoss((e.target as HTMLInputElement).value)}
          />
        </label>
      </div>
      <div class="moves">
        <button class="primary" type="submit" disabled={busy || !text.trim()}>
          {t('report.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
