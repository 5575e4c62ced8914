import { useEffect, useState } from 'preact/hooks';
import { language, onLanguageChange, setLanguage, t } from './i18n/i18n';
import { live, LiveState } from './live/live-stream';
import { recordIncidents } from './overview/heard-incidents';
import { forgetReference, unitsById } from './reference';
import { follow, navigate, Route, useRoute } from './router';
import { ChangePasswordScreen } from './screens/change-password';
import { DistrictMap } from './screens/district-map';
import { IncidentScreen } from './screens/incident';
import { Login } from './screens/login';
import { MyTasks } from './screens/my-tasks';
import { OverviewScreen } from './screens/overview';
import type { Session, SignedOutReason } from './session/session';
import { sessions } from './session/session-store';
import { useLoad } from './hooks';

/** The console: the login screen until signed in, then the screens under one header. */
export function App() {
  const [session, setSession] = useState<Session | null>(sessions.current());
  const [reason, setReason] = useState<SignedOutReason | undefined>(sessions.endedBecause);
  const [, setLanguageShown] = useState(language());
  useEffect(() => onLanguageChange(setLanguageShown), []);
  useEffect(
    () =>
      sessions.listen((next, why) => {
        setSession(next);
        setReason(why);
      }),
    [],
  );
  // One live stream per signed-in session; its events also feed the book of incidents heard.
  useEffect(() => {
    if (!session) return;
    const stopRecording = recordIncidents();
    live.start();
    return () => {
      stopRecording();
      live.reset();
      forgetReference();
    };
  }, [session?.token]);

  if (!session)
    return (
      <>
        <Header session={null} />
        <Login reason={reason} />
      </>
    );
  return (
    <>
      <Header session={session} />
      <Screen session={session} />
    </>
  );
}

/** Where each role lands: officers on their tasks, an administrator (no incidents of theirs) on the map. */
const HOME: Record<Session['role'], string> = {
  duty_officer: '/tasks',
  commander: '/overview',
  auditor: '/overview',
  administrator: '/map',
};

function Screen({ session }: { session: Session }) {
  const route: Route = useRoute();
  const home = HOME[session.role];
  // After a one-time password, the new one comes before any other screen.
  const target = session.mustChangePassword ? '/password' : route.screen === 'home' ? home : null;
  useEffect(() => {
    if (target) navigate(target, true);
  }, [target]);
  if (session.mustChangePassword || route.screen === 'password') {
    return (
      <ChangePasswordScreen
        session={session}
        onChanged={(wasOneTime) => wasOneTime && navigate(home, true)}
      />
    );
  }
  switch (route.screen) {
    case 'tasks':
      return <MyTasks />;
    case 'incident':
      return <IncidentScreen key={route.id} id={route.id} />;
    case 'overview':
      return <OverviewScreen />;
    case 'map':
      return <DistrictMap />;
    default:
      return null;
  }
}

const NAV = [
  ['/tasks', 'nav.tasks'],
  ['/overview', 'nav.overview'],
  ['/map', 'nav.map'],
] as const;

/** An administrator has no tasks and sees no incidents: of the screens, the map alone is theirs. */
const navOf = (role: Session['role']) =>
  role === 'administrator' ? NAV.filter(([path]) => path === '/map') : NAV;

function Header({ session }: { session: Session | null }) {
  const route = useRoute();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => live.onState(setState), []);
  const units = useLoad(() => (session ? unitsById() : Promise.resolve(null)), [session?.token]);
  const unitName = session?.unitId ? (units.data?.get(session.unitId)?.name ?? session.unitId) : '';
  return (
    <header class="top">
      <div class="brand">
        <strong>{t('app.title')}</strong>
        <span>{t('app.subtitle')}</span>
      </div>
      {session && !session.mustChangePassword && (
        <nav>
          {navOf(session.role).map(([path, key]) => (
            <a
              key={path}
              href={path}
              onClick={(e) => follow(e, path)}
              aria-current={`/${route.screen}` === path ? 'page' : undefined}
            >
              {t(key)}
            </a>
          ))}
        </nav>
      )}
      <div class="who">
        {session && (
          <>
            <span
              class={`live-dot ${state}`}
              title={t(`live.${state}`)}
              data-test="live-state"
              data-state={state}
            />
            <span class="user">
              {t('session.user', {
                name: session.displayName,
                unit: unitName || t(`who.${session.role}`),
              })}
            </span>
          </>
        )}
        <button
          class="link"
          onClick={() => setLanguage(language() === 'zh-CN' ? 'en' : 'zh-CN')}
          lang={language() === 'zh-CN' ? 'en' : 'zh-CN'}
        >
          {t('lang.other')}
        </button>
        {session && (
          <>
            <a
              class="link"
              href="/password"
              onClick={(e) => follow(e, '/password')}
              aria-current={route.screen === 'password' ? 'page' : undefined}
              data-test="change-password-link"
            >
              {t('nav.password')}
            </a>
            <button class="link" onClick={() => sessions.end('signed-out')}>
              {t('nav.logout')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}
