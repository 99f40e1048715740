import { vmOperations } from '../../../../commands/vm/index.ts';
import type { HypervisorType } from '../../../../domain/hypervisor/index.ts';
import { queries } from '../../../../projections/queries/index.ts';
import { Names, virtualMachineOf } from '../entities.ts';
import { ownerFilters } from '../scope.ts';
import { type Call, type CommandSpec, listParams, type ParamSpec, p, scopeParams } from '../table.ts';
import { pagedList } from './lists.ts';
import { csv, filtersFrom, given, givenFlags } from './params.ts';
import { accountParam, async, readBack, req } from './shared.ts';

const GiB = 1024 ** 3;
const idParam = p.req('id', 'uuid', 'the ID of the virtual machine');
const vmResponse = 'virtualmachine';
const vmIdParam = p.req('virtualmachineid', 'uuid', 'the ID of the virtual machine');
const offeringParam = p.req('serviceofferingid', 'uuid', 'the ID of the new service offering');
const detailsParam = p.opt(
  'details',
  'map',
  'custom sizes for a customised offering: details[0].cpuNumber, details[0].cpuSpeed, details[0].memory',
);

/** details[0].cpuNumber=2&details[0].memory=2048 → the operation's custom size. */
const customSize = (call: Call) => {
  const detail = (name: string) => {
    const key = Object.keys(call.params).find((k) => k === `details[0].${name.toLowerCase()}`);
    return key ? Number.parseInt(call.params[key]!, 10) : undefined;
  };
  const size = {
    ...(detail('cpuNumber') !== undefined ? { cpuNumber: detail('cpuNumber')! } : {}),
    ...(detail('cpuSpeed') !== undefined ? { cpuSpeedMhz: detail('cpuSpeed')! } : {}),
    ...(detail('memory') !== undefined ? { memoryMiB: detail('memory')! } : {}),
  };
  return Object.keys(size).length ? { size } : {};
};

const vmObject = (call: Call, done: { vmId: string; position: string | null }) =>
  readBack(call, 'vms', done.vmId, done.position, vmResponse, (vm) => virtualMachineOf(new Names(call), vm));

type VmOperations = typeof vmOperations;
type VmOperation = keyof VmOperations;
type InputOf<N extends VmOperation> = Parameters<VmOperations[N]>[2];
type Operate<N extends VmOperation> = (
  deps: Parameters<VmOperations[N]>[0],
  request: Parameters<VmOperations[N]>[1],
  input: InputOf<N>,
) => Promise<{ vmId: string; jobId?: string; position: string | null }>;

/**
 * A VM command: the VM operation of the same name (the one the REST API calls), with its input read
 * from the call. An async command answers with the operation's job, a sync one with the VM read back.
 */
const vmCommand = <N extends VmOperation>(
  name: N,
  description: string,
  params: readonly ParamSpec[],
  input: (call: Call) => InputOf<N>,
  {
    isasync = true,
    entity = vmResponse,
    roles,
  }: {
    readonly isasync?: boolean;
    readonly entity?: string | null;
    readonly roles?: CommandSpec['roles'];
  } = {},
): CommandSpec => ({
  name,
  description,
  isasync,
  ...(entity ? { entity } : {}),
  ...(roles ? { roles } : {}),
  params,
  run: async (call) => {
    const out = await (vmOperations[name] as Operate<N>)(call.http.app.vm, req(call), input(call));
    return isasync ? async({ jobId: out.jobId!, position: out.position }) : vmObject(call, out);
  },
});

const byId = (call: Call) => ({ vmId: call.need('id') });
const newOffering = (call: Call) => ({
  vmId: call.need('id'),
  serviceOfferingId: call.need('serviceofferingid'),
  ...customSize(call),
});

/** The VM commands: each maps to the VM operation the REST API calls. */
export const vmCommands: readonly CommandSpec[] = [
  {
    name: 'deployVirtualMachine',
    description:
      'Creates and automatically starts a virtual machine based on a service offering, disk offering, and template.',
    isasync: true,
    entity: vmResponse,
    params: [
      p.req('serviceofferingid', 'uuid', 'the ID of the service offering for the virtual machine'),
      p.req('zoneid', 'uuid', 'availability zone for the virtual machine'),
      p.opt('templateid', 'uuid', 'the ID of the template (or ISO) for the virtual machine'),
      p.opt('name', 'string', 'host name for the virtual machine'),
      p.opt('displayname', 'string', 'an optional user generated name for the virtual machine'),
      p.opt('hypervisor', 'string', 'the hypervisor on which to deploy the virtual machine (with an ISO)'),
      p.opt('hostid', 'uuid', 'destination host for the virtual machine (root admin)'),
      p.opt('rootdisksize', 'long', 'the ROOT disk size in GB'),
      p.opt('group', 'string', 'an optional group for the virtual machine'),
      p.opt('startvm', 'boolean', 'true (default) to start the virtual machine'),
      p.opt('account', 'string', 'an optional account for the virtual machine; must be used with domainid'),
      p.opt('domainid', 'uuid', 'an optional domain ID for the virtual machine'),
    ],
    run: async (call) => {
      const templateId = call.need('templateid');
      const image = await queries(call.http.app.pool).images.get(templateId);
      const accountId = await accountParam(call);
      const rootGb = call.int('rootdisksize');
      const out = await vmOperations.deployVirtualMachine(call.http.app.vm, req(call), {
        zoneId: call.need('zoneid'),
        serviceOfferingId: call.need('serviceofferingid'),
        ...(image?.kind === 'ISO' ? { isoId: templateId } : { templateId }),
        ...(given(call, { hypervisor: 'hypervisor' }) as { hypervisor?: HypervisorType }),
        ...given(call, { name: 'name', displayName: 'displayname', hostId: 'hostid' }),
        ...(rootGb !== undefined ? { rootDiskSizeBytes: rootGb * GiB } : {}),
        ...given(call, { group: 'group' }),
        ...givenFlags(call, { startVm: 'startvm' }),
        ...(accountId ? { accountId } : {}),
      });
      return async(out, out.vmId);
    },
  },
  vmCommand(
    'startVirtualMachine',
    'Starts a virtual machine.',
    [idParam, p.opt('hostid', 'uuid', 'destination host (root admin)')],
    (call) => ({ ...byId(call), ...given(call, { hostId: 'hostid' }) }),
  ),
  vmCommand(
    'stopVirtualMachine',
    'Stops a virtual machine.',
    [idParam, p.opt('forced', 'boolean', 'force stop the VM')],
    (call) => ({ ...byId(call), ...givenFlags(call, { forced: 'forced' }) }),
  ),
  vmCommand(
    'rebootVirtualMachine',
    'Reboots a virtual machine.',
    [idParam, p.opt('forced', 'boolean', 'force reboot the VM')],
    byId,
  ),
  vmCommand(
    'destroyVirtualMachine',
    'Destroys a virtual machine.',
    [idParam, p.opt('expunge', 'boolean', 'expunge the VM at once (root admins, or when allowed)')],
    (call) => ({ ...byId(call), ...givenFlags(call, { expunge: 'expunge' }) }),
  ),
  {
    name: 'listVirtualMachines',
    description: 'List the virtual machines owned by the account.',
    isasync: false,
    entity: vmResponse,
    params: [
      ...listParams,
      ...scopeParams,
      p.opt('id', 'uuid', 'the ID of the virtual machine'),
      p.opt('ids', 'list', 'the IDs of the virtual machines'),
      p.opt('name', 'string', 'name of the virtual machine'),
      p.opt('state', 'string', 'state of the virtual machine (Running, Stopped, ...)'),
      p.opt('zoneid', 'uuid', 'the availability zone ID'),
      p.opt('hostid', 'uuid', 'the host ID (root admin)'),
      p.opt('podid', 'uuid', 'the pod ID (root admin)'),
      p.opt('clusterid', 'uuid', 'the cluster ID (root admin)'),
    ],
    run: async (call) =>
      pagedList(
        call,
        'virtualmachine',
        'vms',
        {
          ...(await ownerFilters(call)),
          ...filtersFrom(call, {
            id: 'id',
            ids: ['ids', csv],
            name: 'name',
            // Present: every state, as CloudStack.
            state: ['state', (state) => (state === 'Present' ? undefined : state)],
            zoneId: 'zoneid',
            hostId: 'hostid',
            podId: 'podid',
            clusterId: 'clusterid',
          }),
        },
        virtualMachineOf,
      ),
  },
  vmCommand('recoverVirtualMachine', 'Recovers a virtual machine.', [idParam], byId, { isasync: false }),
  vmCommand(
    'expungeVirtualMachine',
    'Expunge a virtual machine. Once expunged, it cannot be recoverd.',
    [idParam],
    byId,
    { entity: null },
  ),
  vmCommand(
    'restoreVirtualMachine',
    'Restore a VM to original template/ISO or new template/ISO. If the VM was stopped, it stays stopped.',
    [vmIdParam, p.opt('templateid', 'uuid', 'an optional template ID to restore the VM from')],
    (call) => ({ vmId: call.need('virtualmachineid'), ...given(call, { templateId: 'templateid' }) }),
  ),
  vmCommand(
    'migrateVirtualMachine',
    'Attempts Migration of a VM to a different host or Root volume of the vm to a different storage pool',
    [vmIdParam, p.opt('hostid', 'uuid', 'destination host; chosen by the planner when absent')],
    (call) => ({ vmId: call.need('virtualmachineid'), ...given(call, { hostId: 'hostid' }) }),
    { roles: ['Admin'] },
  ),
  vmCommand(
    'scaleVirtualMachine',
    'Scales the virtual machine to a new service offering. This can be done on a running VM.',
    [idParam, offeringParam, detailsParam],
    newOffering,
  ),
  vmCommand(
    'changeServiceForVirtualMachine',
    'Changes the service offering for a virtual machine. The virtual machine must be in a "Stopped" state for this command to take effect.',
    [idParam, offeringParam, detailsParam],
    newOffering,
    { isasync: false },
  ),
];
