// The app shell: header, area switcher, main navigation, skip link, and the route
// table that picks the page. Focus moves to the page's h1 on every navigation so a
// screen reader announces the new page.
import type { FunctionComponent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { hrefOf, landingPath, navFor, safeNext, type Need } from './access';
import { setUnauthorizedHandler } from './api/client';
import { ApiError } from './api/errors';
import { api } from './api/routes';
import { guard, signInUrl } from './guard';
import { titleFor } from './page';
import { location, matchPath, navigate } from './router';
import { areaName, areas, endSession, grants, maybeSignedIn, session, startKeptSession, startSession } from './session';
import { Account } from './pages/Account';
import { ConsentPage } from './pages/Consent';
import { Dashboard } from './pages/Dashboard';
import { DirectoryEdit, DirectoryList } from './pages/Directory';
import { DirectoryEntryPage } from './pages/DirectoryEntry';
import { FollowUpPage } from './pages/FollowUp';
import { ImportExportPage } from './pages/ImportExport';
import { MapPage } from './pages/Map';
import { Me } from './pages/Me';
import { PeopleList } from './pages/People';
import { MergesPage } from './pages/Merges';
import { PersonEdit } from './pages/PersonEdit';
import { PersonPage } from './pages/Person';
import { InterviewPage } from './pages/Interview';
import { SignIn } from './pages/SignIn';
import { SurveysPage } from './pages/Surveys';
import { Users } from './pages/Users';
import { FieldworkPage } from './pages/survey/FieldworkPage';
import { NetcanvasImportPage } from './pages/survey/NetcanvasImportPage';
import { InstrumentPage } from './pages/survey/InstrumentPage';
import { Instruments } from './pages/survey/Instruments';
import { ReviewMention } from './pages/survey/ReviewMention';
import { ReviewQueue } from './pages/survey/ReviewQueue';
import { WaveReportPage } from './pages/survey/WaveReportPage';

export type PageProps = { params: Record<string, string> };

interface Route {
  pattern: string;
  page: FunctionComponent<PageProps>;
  need: Need | 'public';
  /** The navigation entry this page belongs to (access.ts navItems' path). */
  section?: string;
}

const routes: Route[] = [
  { pattern: '/sign-in', page: SignIn, need: 'public' },
  { pattern: '/account', page: Account, need: 'signed_in', section: '/account' },
  { pattern: '/areas/:area/dashboard', page: Dashboard, need: 'aggregates', section: 'dashboard' },
  { pattern: '/areas/:area/map', page: MapPage, need: 'network_detail', section: 'map' },
  { pattern: '/areas/:area/people', page: PeopleList, need: 'register_read', section: 'people' },
  { pattern: '/areas/:area/people/new', page: PersonEdit, need: 'register_write', section: 'people' },
  { pattern: '/areas/:area/people/:id', page: PersonPage, need: 'register_read', section: 'people' },
  { pattern: '/areas/:area/people/:id/edit', page: PersonEdit, need: 'register_write', section: 'people' },
  { pattern: '/areas/:area/merges', page: MergesPage, need: 'register_read', section: 'people' },
  { pattern: '/areas/:area/groups', page: DirectoryList, need: 'directory_read', section: 'groups' },
  { pattern: '/areas/:area/groups/new', page: DirectoryEdit, need: 'register_write', section: 'groups' },
  { pattern: '/areas/:area/groups/:id', page: DirectoryEntryPage, need: 'directory_read', section: 'groups' },
  { pattern: '/areas/:area/groups/:id/edit', page: DirectoryEdit, need: 'register_write', section: 'groups' },
  { pattern: '/areas/:area/places', page: DirectoryList, need: 'directory_read', section: 'places' },
  { pattern: '/areas/:area/places/new', page: DirectoryEdit, need: 'register_write', section: 'places' },
  { pattern: '/areas/:area/places/:id', page: DirectoryEntryPage, need: 'directory_read', section: 'places' },
  { pattern: '/areas/:area/places/:id/edit', page: DirectoryEdit, need: 'register_write', section: 'places' },
  { pattern: '/areas/:area/consent', page: ConsentPage, need: 'register_write', section: 'consent' },
  { pattern: '/areas/:area/users', page: Users, need: 'area_admin', section: 'users' },
  { pattern: '/areas/:area/import', page: ImportExportPage, need: 'register_read', section: 'import' },
  { pattern: '/areas/:area/me', page: Me, need: 'own_record', section: 'me' },
  { pattern: '/areas/:area/surveys/instruments', page: Instruments, need: 'survey', section: 'surveys' },
  { pattern: '/areas/:area/surveys/instruments/new', page: InstrumentPage, need: 'survey', section: 'surveys' },
  { pattern: '/areas/:area/surveys/instruments/:id', page: InstrumentPage, need: 'survey', section: 'surveys' },
  { pattern: '/areas/:area/surveys/waves/:wave/fieldwork', page: FieldworkPage, need: 'survey', section: 'surveys' },
  { pattern: '/areas/:area/surveys/waves/:wave/netcanvas', page: NetcanvasImportPage, need: 'survey', section: 'surveys' },
  { pattern: '/areas/:area/surveys/waves/:wave/review', page: ReviewQueue, need: 'survey', section: 'surveys' },
  { pattern: '/areas/:area/surveys/waves/:wave/review/:mention', page: ReviewMention, need: 'survey', section: 'surveys' },
  { pattern: '/areas/:area/surveys', page: SurveysPage, need: 'survey', section: 'surveys' },
  { pattern: '/areas/:area/surveys/:wave/interviews/:id/:step', page: InterviewPage, need: 'survey', section: 'surveys' },
  { pattern: '/areas/:area/surveys/:wave/follow-up', page: FollowUpPage, need: 'survey', section: 'surveys' },
  { pattern: '/areas/:area/surveys/waves/:wave/report', page: WaveReportPage, need: 'aggregates', section: 'surveys' },
];

/** The navigation entries this build has a page for. */
export const builtSections: ReadonlySet<string> = new Set(routes.flatMap((r) => (r.section ? [r.section] : [])));

function findRoute(path: string): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (params) return { route, params };
  }
  return null;
}

function firstArea(): string | null {
  return areas.value[0]?.id ?? null;
}

function currentUrl(): string {
  return location.value.path + location.value.search;
}

export function App() {
  const [booted, setBooted] = useState(false);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      endSession();
      if (location.value.path !== '/sign-in') navigate(signInUrl(currentUrl()), { replace: true });
    });
    if (!maybeSignedIn()) {
      setBooted(true);
      return;
    }
    api.session().then(
      (answer) => startSession(answer).finally(() => setBooted(true)),
      (error) => {
        // No connection (fetch itself failed): the session kept on the device
        // opens the survey interviews, which work offline.
        if (error instanceof TypeError && startKeptSession()) {
          setBooted(true);
          return;
        }
        if (!(error instanceof ApiError && error.status === 401)) console.warn('kith: session check failed', error);
        endSession();
        setBooted(true);
      },
    );
  }, []);

  if (!booted) return <Shell booting><p class="loading" role="status">Loading kith…</p></Shell>;

  const { path } = location.value;
  const signedIn = session.value !== null;

  if (path === '/' || path === '') {
    return <Redirect to={signedIn ? landingPath(grants.value, firstArea(), builtSections) : '/sign-in'} />;
  }
  const found = findRoute(path);
  if (!found) return <Shell><NotFound /></Shell>;
  const area = found.params.area ?? null;
  const verdict = guard(found.route.need, signedIn, grants.value, area, areas.value.map((a) => a.id));
  if (verdict === 'sign-in') return <Redirect to={signInUrl(currentUrl())} />;
  if (found.route.pattern === '/sign-in' && signedIn) {
    const next = safeNext(new URLSearchParams(location.value.search).get('next'));
    return <Redirect to={next ?? landingPath(grants.value, firstArea(), builtSections)} />;
  }
  const Page = found.route.page;
  return (
    <Shell area={area} section={found.route.section}>
      {verdict === 'not-found' ? <NotFound /> : verdict === 'forbidden' ? <Forbidden /> : <Page params={found.params} />}
    </Shell>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** The path the shell last showed; null until the first page is shown. */
let shownPath: string | null = null;

function Shell({ children, area = null, section, booting = false }: { children: preact.ComponentChildren; area?: string | null; section?: string | undefined; booting?: boolean }) {
  const mainRef = useRef<HTMLElement>(null);
  const path = location.value.path;

  useEffect(() => {
    // On the first page the browser's own focus is right; after a navigation the
    // reader must hear the new page, so its h1 takes focus.
    // Kept outside the component: a redirect (after signing in) remounts the shell.
    // The loading screen before the session is known is not a page.
    if (booting) return;
    if (shownPath !== null && shownPath !== path) {
      const h1 = mainRef.current?.querySelector('h1');
      if (h1) {
        h1.setAttribute('tabindex', '-1');
        h1.focus();
      }
    }
    shownPath = path;
  }, [path, booting]);

  const user = session.value?.user;
  const navArea = area ?? firstArea();
  const items = user && navArea ? navFor(grants.value, navArea, builtSections) : [];
  return (
    <>
      <a class="skip-link" href="#main">Skip to main content</a>
      <header class="header">
        <div class="header__inner width-container">
          <a class="header__service" href={user ? landingPath(grants.value, navArea, builtSections) : '/sign-in'}>kith</a>
          {user ? <span class="header__user">Signed in as {user.display_name || user.username}</span> : null}
        </div>
      </header>
      <div class="width-container">
        <nav aria-label="Main" class="nav">
          {user && area && areas.value.length > 1 ? <AreaSwitcher area={area} section={section} /> : null}
          <ul class="nav__list">
            {user ? (
              items.map((item) => {
                const href = hrefOf(item, navArea as string);
                const current = section === item.path;
                return (
                  <li key={item.path} class="nav__item">
                    <a class="nav__link" href={href} aria-current={current ? 'page' : undefined}>{item.label}</a>
                  </li>
                );
              })
            ) : (
              <li class="nav__item">
                <a class="nav__link" href={path === '/sign-in' ? currentUrl() : signInUrl(currentUrl())} aria-current={path === '/sign-in' ? 'page' : undefined}>Sign in</a>
              </li>
            )}
          </ul>
        </nav>
        <main id="main" class="main" tabIndex={-1} ref={mainRef}>
          {children}
        </main>
      </div>
      <footer class="footer">
        <div class="width-container">
          <p>kith: a register of people, ties, groups and places, for community work against loneliness.</p>
        </div>
      </footer>
    </>
  );
}

function AreaSwitcher({ area, section }: { area: string; section?: string | undefined }) {
  const [choice, setChoice] = useState(area);
  useEffect(() => setChoice(area), [area]);
  return (
    <form
      class="area-switcher"
      onSubmit={(e) => {
        e.preventDefault();
        const target = section && !section.startsWith('/') && allowsSection(choice, section)
          ? `/areas/${encodeURIComponent(choice)}/${section}`
          : landingPath(grants.value, choice, builtSections);
        navigate(target);
      }}
    >
      <label class="label label--inline" for="area-switcher">Area</label>
      <select id="area-switcher" class="select" value={choice} onChange={(e) => setChoice((e.currentTarget as HTMLSelectElement).value)}>
        {areas.value.map((a) => (
          <option key={a.id} value={a.id}>{a.name}</option>
        ))}
      </select>
      <button class="button button--secondary button--small" type="submit">Change area</button>
    </form>
  );
}

function allowsSection(area: string, section: string): boolean {
  return navFor(grants.value, area, builtSections).some((i) => i.path === section);
}

function NotFound() {
  useEffect(() => {
    document.title = titleFor('Page not found', null);
  }, []);
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address, or it is in an area you hold no role in. Check the address, or use the links above.</p>
    </>
  );
}

function Forbidden() {
  const area = location.value.path.split('/')[2] ?? '';
  useEffect(() => {
    document.title = titleFor('You cannot see this page', areaName(decodeURIComponent(area)));
  }, [area]);
  return (
    <>
      <h1>You cannot see this page</h1>
      <p>Your role in this area does not include this page. Ask an administrator of the area if you need it.</p>
    </>
  );
}

