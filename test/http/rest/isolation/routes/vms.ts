import { rules } from '../cells.ts';
import { type Context, type Entry, itemWith, listOf, on } from '../matrix.ts';

/**
 * VMs: owned by an account. A deploy names up to three things the caller may not see: the account it
 * deploys into, a private template, an offering restricted to a domain; each is probed.
 */

const deployment = (x: Context, choice: Record<string, string>) => ({
  zoneId: x.w.tenant.zoneId,
  serviceOfferingId: x.w.tenant.offeringId,
  templateId: x.w.tenant.templateId,
  startVm: false,
  ...choice,
});
const vms = '/v1/vms';
const vm =
  (suffix = '') =>
  (id: string) =>
    `${vms}/${id}${suffix}`;
const nothing = () => ({});
const bigger = (_: unknown, x: Context) => ({ serviceOfferingId: x.w.tenant.bigOfferingId });

export const vmEntries: readonly Entry[] = [
  {
    route: 'POST /v1/vms',
    probes: [
      on(
        'account',
        rules.owned,
        () => vms,
        (t, x) => deployment(x, { accountId: t.id }),
      ),
      on(
        'template',
        rules.owned,
        () => vms,
        (t, x) => deployment(x, { templateId: t.id }),
        {
          label: 'templateId',
        },
      ),
      on(
        'serviceOffering',
        rules.usableByCaller,
        () => vms,
        (t, x) => deployment(x, { serviceOfferingId: t.id }),
        {
          label: 'serviceOfferingId',
        },
      ),
    ],
  },
  {
    route: 'GET /v1/vms',
    probes: [
      listOf('vm', rules.owned, vms, itemWith()),
      // Placement is infrastructure: only a root admin lists VMs by host.
      on('host', rules.rootOnly, (id) => `${vms}?hostId=${id}`, undefined, { label: 'hostId' }),
    ],
  },
  { route: 'GET /v1/vms/:id', probes: [on('vm', rules.owned, vm())] },
  { route: 'GET /v1/vms/:id/metrics', probes: [on('vm', rules.owned, vm('/metrics'))] },
  { route: 'GET /v1/vms/:id/history', probes: [on('vm', rules.owned, vm('/history'))] },
  { route: 'POST /v1/vms/:id/start', probes: [on('vm', rules.owned, vm('/start'), nothing)] },
  { route: 'POST /v1/vms/:id/stop', probes: [on('vm', rules.owned, vm('/stop'), nothing)] },
  { route: 'POST /v1/vms/:id/reboot', probes: [on('vm', rules.owned, vm('/reboot'), nothing)] },
  // A restore replaces the ROOT volume (that the snapshots and policies of the shared VM are on).
  {
    route: 'POST /v1/vms/:id/restore',
    probes: [on('vm', rules.owned, vm('/restore'), nothing, { fresh: 'vm' })],
  },
  { route: 'POST /v1/vms/:id/migrate', probes: [on('vm', rules.rootOnly, vm('/migrate'), nothing)] },
  { route: 'POST /v1/vms/:id/scale', probes: [on('vm', rules.owned, vm('/scale'), bigger)] },
  { route: 'PUT /v1/vms/:id/offering', probes: [on('vm', rules.owned, vm('/offering'), bigger)] },
  // As CloudStack with allow.user.expunge.recover.vm off: only root admins expunge and recover.
  ...['expunge', 'recover'].map((action) => ({
    route: `POST /v1/vms/:id/${action}`,
    probes: [on('vm', rules.rootActsOnOwned, vm(`/${action}`), nothing, { fresh: 'destroyedVm' })],
  })),
  { route: 'DELETE /v1/vms/:id', probes: [on('vm', rules.owned, vm(), undefined, { fresh: 'vm' })] },
];
