/** The pages, as tabs in the header (plain hash links: back and forward work). */
import { Icon, type IconName } from './Icon.tsx';
import { ROUTES, type Route } from './route.ts';

const TABS: readonly { route: Route; label: string; icon: IconName }[] = [
  { route: 'feed', label: 'Live feed', icon: 'activity' },
  { route: 'votes', label: 'Votes', icon: 'arrowUp' },
];

export function Nav({ route }: { route: Route }) {
  return (
    <nav className="tabs" aria-label="Pages">
      {TABS.map((tab) => (
        <a
          key={tab.route}
          href={ROUTES[tab.route]}
          className={tab.route === route ? 'tab tab--active' : 'tab'}
          aria-current={tab.route === route ? 'page' : undefined}
          data-testid={`nav-${tab.route}`}
        >
          <Icon name={tab.icon} />
          {tab.label}
        </a>
      ))}
    </nav>
  );
}
