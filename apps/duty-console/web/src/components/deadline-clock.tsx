import type { Deadline } from '../api/types';
import { countdown } from '../format/countdown';
import { useNow } from '../hooks';
import { t } from '../i18n/i18n';

/** 倒计时: the next deadline, counting down each second; red once it is breached. */
export function DeadlineClock({ deadline }: { deadline: Deadline | null }) {
  const now = useNow(1000);
  if (!deadline) return <span class="clock none">{t('deadline.none')}</span>;
  const left = countdown(deadline.dueAt, now);
  const breached = left.overdue || deadline.state === 'missed';
  return (
    <span class={`clock ${breached ? 'breached' : ''}`} data-test="deadline" data-breached={String(breached)}>
      <span class="clock-kind">{t(`deadline.${deadline.kind}`)}</span>{' '}
      <strong>
        {left.overdue ? t('deadline.over', { time: left.text }) : t('deadline.left', { time: left.text })}
      </strong>
    </span>
  );
}
