import { servedPoles } from '../../ports/config.ts';
import { findPublicProfile } from '../../store/poles.ts';
import { htmlPage } from '../common/html.ts';
import { httpHandler } from '../common/http.ts';
import { homePage } from './home-page.html.ts';
import { ONBOARDING_ROUTES } from './schemas.ts';

/**
 * GET / — leads to the landing page of the pôle this deployment serves (302), or lists them when
 * it serves several (docs/onboarding.md#public-pages). Pôles without a profile yet are left out.
 */
export const handler = httpHandler(ONBOARDING_ROUTES.HomePage, async () => {
  const profiles = (await Promise.all(servedPoles().map(findPublicProfile))).filter((p) => p !== undefined);
  if (profiles.length === 1) {
    return { statusCode: 302, headers: { location: `/poles/${profiles[0]!.poleId}`, 'cache-control': 'no-store' }, body: '' };
  }
  return htmlPage(homePage(profiles));
});
