import { vmOperations } from '../../../../commands/vm/index.ts';
import { queries } from '../../../../projections/queries/index.ts';
import { Names, virtualMachineOf } from '../entities.ts';
import { ownerFilters, pageOf } from '../scope.ts';
import { type Call, type CommandSpec, listParams, p, scopeParams } from '../table.ts';
import { accountParam, async, list, readBack, req } from './shared.ts';

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
      const startVm = call.bool('startvm');
      const out = await vmOperations.deployVirtualMachine(call.http.app.vm, req(call), {
        zoneId: call.need('zoneid'),
        serviceOfferingId: call.need('serviceofferingid'),
        ...(image?.kind === 'ISO' ? { isoId: templateId } : { templateId }),
        ...(call.str('hypervisor') ? { hypervisor: call.str('hypervisor') as never } : {}),
        ...(call.str('name') ? { name: call.str('name')! } : {}),
        ...(call.str('displayname') ? { displayName: call.str('displayname')! } : {}),
        ...(call.str('hostid') ? { hostId: call.str('hostid')! } : {}),
        ...(rootGb !== undefined ? { rootDiskSizeBytes: rootGb * GiB } : {}),
        ...(call.str('group') ? { group: call.str('group')! } : {}),
        ...(startVm !== undefined ? { startVm } : {}),
        ...(accountId ? { accountId } : {}),
      });
      return async(out, out.vmId);
    },
  },
  {
    name: 'startVirtualMachine',
    description: 'Starts a virtual machine.',
    isasync: true,
    entity: vmResponse,
    params: [idParam, p.opt('hostid', 'uuid', 'destination host (root admin)')],
    run: async (call) =>
      async(
        await vmOperations.startVirtualMachine(call.http.app.vm, req(call), {
          vmId: call.need('id'),
          ...(call.str('hostid') ? { hostId: call.str('hostid')! } : {}),
        }),
      ),
  },
  {
    name: 'stopVirtualMachine',
    description: 'Stops a virtual machine.',
    isasync: true,
    entity: vmResponse,
    params: [idParam, p.opt('forced', 'boolean', 'force stop the VM')],
    run: async (call) =>
      async(
        await vmOperations.stopVirtualMachine(call.http.app.vm, req(call), {
          vmId: call.need('id'),
          ...(call.bool('forced') !== undefined ? { forced: call.bool('forced')! } : {}),
        }),
      ),
  },
  {
    name: 'rebootVirtualMachine',
    description: 'Reboots a virtual machine.',
    isasync: true,
    entity: vmResponse,
    params: [idParam, p.opt('forced', 'boolean', 'force reboot the VM')],
    run: async (call) =>
      async(await vmOperations.rebootVirtualMachine(call.http.app.vm, req(call), { vmId: call.need('id') })),
  },
  {
    name: 'destroyVirtualMachine',
    description: 'Destroys a virtual machine.',
    isasync: true,
    entity: vmResponse,
    params: [idParam, p.opt('expunge', 'boolean', 'expunge the VM at once (root admins, or when allowed)')],
    run: async (call) =>
      async(
        await vmOperations.destroyVirtualMachine(call.http.app.vm, req(call), {
          vmId: call.need('id'),
          ...(call.bool('expunge') !== undefined ? { expunge: call.bool('expunge')! } : {}),
        }),
      ),
  },
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
    run: async (call) => {
      const f = (k: string) => call.str(k);
      const state = f('state');
      const { items, count } = await pageOf(call, 'vms', {
        ...(await ownerFilters(call)),
        ...(f('id') ? { id: f('id')! } : {}),
        ...(f('ids') ? { ids: f('ids')!.split(',') } : {}),
        ...(f('name') ? { name: f('name')! } : {}),
        ...(state && state !== 'Present' ? { state } : {}),
        ...(f('zoneid') ? { zoneId: f('zoneid')! } : {}),
        ...(f('hostid') ? { hostId: f('hostid')! } : {}),
        ...(f('podid') ? { podId: f('podid')! } : {}),
        ...(f('clusterid') ? { clusterId: f('clusterid')! } : {}),
      });
      const names = new Names(call);
      return list('virtualmachine', await Promise.all(items.map((vm) => virtualMachineOf(names, vm))), count);
    },
  },
  {
    name: 'recoverVirtualMachine',
    description: 'Recovers a virtual machine.',
    isasync: false,
    entity: vmResponse,
    params: [idParam],
    run: async (call) =>
      vmObject(
        call,
        await vmOperations.recoverVirtualMachine(call.http.app.vm, req(call), { vmId: call.need('id') }),
      ),
  },
  {
    name: 'expungeVirtualMachine',
    description: 'Expunge a virtual machine. Once expunged, it cannot be recoverd.',
    isasync: true,
    params: [idParam],
    run: async (call) =>
      async(await vmOperations.expungeVirtualMachine(call.http.app.vm, req(call), { vmId: call.need('id') })),
  },
  {
    name: 'restoreVirtualMachine',
    description:
      'Restore a VM to original template/ISO or new template/ISO. If the VM was stopped, it stays stopped.',
    isasync: true,
    entity: vmResponse,
    params: [vmIdParam, p.opt('templateid', 'uuid', 'an optional template ID to restore the VM from')],
    run: async (call) =>
      async(
        await vmOperations.restoreVirtualMachine(call.http.app.vm, req(call), {
          vmId: call.need('virtualmachineid'),
          ...(call.str('templateid') ? { templateId: call.str('templateid')! } : {}),
        }),
      ),
  },
  {
    name: 'migrateVirtualMachine',
    description:
      'Attempts Migration of a VM to a different host or Root volume of the vm to a different storage pool',
    isasync: true,
    entity: vmResponse,
    roles: ['Admin'],
    params: [vmIdParam, p.opt('hostid', 'uuid', 'destination host; chosen by the planner when absent')],
    run: async (call) =>
      async(
        await vmOperations.migrateVirtualMachine(call.http.app.vm, req(call), {
          vmId: call.need('virtualmachineid'),
          ...(call.str('hostid') ? { hostId: call.str('hostid')! } : {}),
        }),
      ),
  },
  {
    name: 'scaleVirtualMachine',
    description: 'Scales the virtual machine to a new service offering. This can be done on a running VM.',
    isasync: true,
    entity: vmResponse,
    params: [idParam, offeringParam, detailsParam],
    run: async (call) =>
      async(
        await vmOperations.scaleVirtualMachine(call.http.app.vm, req(call), {
          vmId: call.need('id'),
          serviceOfferingId: call.need('serviceofferingid'),
          ...customSize(call),
        }),
      ),
  },
  {
    name: 'changeServiceForVirtualMachine',
    description:
      'Changes the service offering for a virtual machine. The virtual machine must be in a "Stopped" state for this command to take effect.',
    isasync: false,
    entity: vmResponse,
    params: [idParam, offeringParam, detailsParam],
    run: async (call) =>
      vmObject(
        call,
        await vmOperations.changeServiceForVirtualMachine(call.http.app.vm, req(call), {
          vmId: call.need('id'),
          serviceOfferingId: call.need('serviceofferingid'),
          ...customSize(call),
        }),
      ),
  },
];
