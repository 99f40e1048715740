import { except, rules } from '../cells.ts';
import { type Context, type Entry, itemWith, listOf, on } from '../matrix.ts';

/**
 * The catalogue: offerings restricted to a domain are seen in that domain and managed by its domain
 * admins; private templates are their owner's (and their domain admins'). Public ones are anyone's.
 */

const offeringKinds = [
  {
    path: 'service-offerings',
    kind: 'serviceOffering',
    sizing: { kind: 'fixed', cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 512 },
  },
  { path: 'disk-offerings', kind: 'diskOffering', sizing: { kind: 'fixed', sizeGiB: 1 } },
] as const;

/** Users may see the offerings of their domain but never change them. */
const offeringAdmins = except(rules.domainAdmins, { 'user/own': 'refused', 'user/sameDomain': 'refused' });

const offeringEntries = offeringKinds.flatMap(({ path, kind, sizing }): Entry[] => {
  const one = (id: string) => `/v1/${path}/${id}`;
  return [
    {
      route: `GET /v1/${path}`,
      probes: [
        listOf(kind, rules.domainVisible, `/v1/${path}`, itemWith(), { accountKey: null, domainKey: null }),
      ],
    },
    { route: `GET /v1/${path}/:id`, probes: [on(kind, rules.domainVisible, one)] },
    {
      route: `POST /v1/${path}`,
      probes: [
        on(
          'domain',
          rules.domainAdmins,
          () => `/v1/${path}`,
          (t) => ({ name: 'matrix', sizing, domainIds: [t.id] }),
        ),
      ],
    },
    {
      route: `PATCH /v1/${path}/:id`,
      probes: [on(kind, offeringAdmins, one, () => ({ displayText: 'patched' }))],
    },
    { route: `DELETE /v1/${path}/:id`, probes: [on(kind, offeringAdmins, one, undefined, { fresh: kind })] },
  ];
});

const registration = (x: Context, accountId: string) => ({
  name: 'matrix-image',
  url: 'http://images.example.com/matrix.iso',
  zoneIds: [x.w.tenant.zoneId],
  accountId,
});
const image =
  (suffix = '') =>
  (id: string) =>
    `/v1/images/${id}${suffix}`;

export const catalogEntries: readonly Entry[] = [
  ...offeringEntries,
  {
    route: 'GET /v1/images',
    probes: [listOf('template', rules.owned, '/v1/images', itemWith(), { domainKey: null })],
  },
  { route: 'GET /v1/images/:id', probes: [on('template', rules.owned, image())] },
  {
    route: 'POST /v1/templates',
    probes: [
      on(
        'account',
        rules.owned,
        () => '/v1/templates',
        (t, x) => ({
          ...registration(x, t.id),
          format: 'QCOW2',
          hypervisor: 'Simulator',
          osType: 'Linux',
        }),
      ),
    ],
  },
  {
    route: 'POST /v1/isos',
    probes: [
      on(
        'account',
        rules.owned,
        () => '/v1/isos',
        (t, x) => registration(x, t.id),
      ),
    ],
  },
  {
    route: 'PATCH /v1/images/:id',
    probes: [on('template', rules.owned, image(), () => ({ kind: 'TEMPLATE', displayText: 'patched' }))],
  },
  {
    route: 'PUT /v1/images/:id/permissions',
    probes: [
      on('template', rules.owned, image('/permissions'), () => ({ kind: 'TEMPLATE', isPublic: false })),
    ],
  },
  {
    route: 'POST /v1/images/:id/copy',
    probes: [
      on('template', rules.owned, image('/copy'), (_, x) => ({
        kind: 'TEMPLATE',
        sourceZoneId: x.w.tenant.zoneId,
        destinationZoneIds: [x.w.tenant.zoneId],
      })),
    ],
  },
  {
    route: 'DELETE /v1/images/:id',
    probes: [on('template', rules.owned, image('?kind=TEMPLATE'), undefined, { fresh: 'template' })],
  },
];
