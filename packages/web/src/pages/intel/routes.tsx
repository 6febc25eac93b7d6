/**
 * The threat library's URLs under /intel (the server's CONSOLE_ROUTES has `/intel/*`). Every page is
 * loaded on first visit (`lazy`), so none of it weighs on the console's initial JavaScript.
 */
import { Navigate, type RouteObject } from 'react-router';

export const intelRoutes: RouteObject = {
  path: 'intel',
  lazy: async () => ({ Component: (await import('./layout.js')).IntelLayout }),
  children: [
    { index: true, element: <Navigate to="/intel/indicators" replace /> },
    { path: 'indicators', lazy: async () => ({ Component: (await import('./indicators.js')).IndicatorsPage }) },
    { path: 'indicators/new', lazy: async () => ({ Component: (await import('./indicator-new.js')).IndicatorNewPage }) },
    { path: 'indicators/:indicatorId', lazy: async () => ({ Component: (await import('./indicator-detail.js')).IndicatorDetailPage }) },
    { path: 'import', lazy: async () => ({ Component: (await import('./import.js')).ImportPage }) },
    { path: 'events', lazy: async () => ({ Component: (await import('./events.js')).EventsPage }) },
    { path: 'adversaries', lazy: async () => ({ Component: (await import('./adversaries.js')).AdversariesPage }) },
    { path: 'attachments', lazy: async () => ({ Component: (await import('./attachments.js')).AttachmentsPage }) },
    ...(['events', 'adversaries', 'attachments'] as const).map((kind) => ({
      path: `${kind}/:objectId`,
      lazy: async () => {
        const { ObjectDetailPage } = await import('./object-detail.js');
        return { Component: () => <ObjectDetailPage kind={kind} /> };
      },
    })),
  ],
};
