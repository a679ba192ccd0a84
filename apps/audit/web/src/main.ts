import { ApiError } from './api';
import { h, mount } from './dom';
import { language, setLanguage, t } from './i18n';
import { anomaliesPage } from './pages/anomalies';
import { anomalyPage } from './pages/anomaly';
import { deliveriesPage } from './pages/deliveries';
import { invoicePage } from './pages/invoice';
import { invoicesPage } from './pages/invoices';
import { loginPage } from './pages/login';
import { overviewPage } from './pages/overview';
import { trustPage } from './pages/trust';
import { verificationPage } from './pages/verification';
import { problemText } from './problem-text';
import { currentRoute, go } from './router';
import { session } from './session';

const root = document.getElementById('app')!;
const nav = document.getElementById('nav')!;
const switcher = document.getElementById('language')!;

/** The page's fixed chrome (title, brand, nav, language switch) in the current language. */
function translateChrome(): void {
  document.title = t('app.title');
  document.getElementById('brand-name')!.textContent = t('app.brand');
  document.getElementById('brand-part')!.textContent = t('app.part');
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]'))
    el.textContent = t(el.dataset.i18n!);
  switcher.textContent = t('nav.language');
  switcher.setAttribute('lang', language() === 'en' ? 'zh-CN' : 'en');
  switcher.setAttribute('aria-label', t('nav.languageLabel'));
}

async function render(): Promise<void> {
  const route = currentRoute();
  const signedIn = session.token() !== null;
  nav.hidden = !signedIn;
  if (!signedIn && route.page !== 'login') return go('login');
  for (const link of nav.querySelectorAll('a'))
    link.classList.toggle('active', link.getAttribute('href') === `#/${route.page}`);
  try {
    switch (route.page) {
      case 'login':
        return loginPage(root);
      case 'invoices':
        return await invoicesPage(root, route);
      case 'invoice':
        return await invoicePage(root, route.rest[0] ?? '');
      case 'anomalies':
        return await anomaliesPage(root, route);
      case 'anomaly':
        return await anomalyPage(root, route.rest[0] ?? '');
      case 'verification':
        return await verificationPage(root);
      case 'trust':
        return await trustPage(root);
      case 'deliveries':
        return await deliveriesPage(root);
      case 'overview':
        return await overviewPage(root);
      default:
        return go('overview');
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      session.signOut();
      return go('login');
    }
    mount(
      root,
      h('h1', {}, t('common.error')),
      h('p', { class: 'error', role: 'alert' }, problemText(e)),
    );
  }
}

document.getElementById('logout')!.addEventListener('click', () => {
  session.signOut();
  go('login');
});
switcher.addEventListener('click', () => {
  void setLanguage(language() === 'en' ? 'zh-CN' : 'en').then(() => {
    translateChrome();
    return render();
  });
});
window.addEventListener('hashchange', () => void render());
translateChrome();
void render();
