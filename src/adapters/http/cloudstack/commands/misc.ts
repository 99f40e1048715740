import { eventOf, Names } from '../entities.ts';
import { asyncJobOf, jobPosition, visibleJob } from '../jobs.ts';
import { ownerFilters } from '../scope.ts';
import { type CommandSpec, listParams, p, scopeParams } from '../table.ts';
import { pagedList } from './lists.ts';
import { filtersFrom } from './params.ts';
import { list } from './shared.ts';

/** Networking doesn't exist yet: clients list these while listing VMs, and get empty lists. */
const emptyList = (name: string, key: string, description: string): CommandSpec => ({
  name,
  description: `${description} (Skyledger has no networking yet: always empty)`,
  isasync: false,
  entity: key,
  params: [
    ...listParams,
    ...scopeParams,
    p.opt('id', 'uuid', 'the ID of the item'),
    p.opt('zoneid', 'uuid', 'the zone'),
  ],
  run: async () => list(key, [], 0),
});

export const miscCommands: readonly CommandSpec[] = [
  {
    name: 'queryAsyncJobResult',
    description: 'Retrieves the current status of asynchronous job.',
    isasync: false,
    entity: 'asyncjobs',
    params: [p.req('jobid', 'uuid', 'the ID of the asynchronous job')],
    run: async (call) => {
      const job = await visibleJob(call, call.need('jobid'));
      const value = await asyncJobOf(call, new Names(call), job);
      // Once the job has ended, the caller's next lists wait for what it did.
      return {
        kind: 'flat',
        value,
        position: job.state === 'pending' ? null : await jobPosition(call, job.id),
      };
    },
  },
  {
    name: 'listAsyncJobs',
    description: 'Lists all pending asynchronous jobs for the account.',
    isasync: false,
    entity: 'asyncjobs',
    params: [...listParams, ...scopeParams, p.opt('startdate', 'date', 'the start date of the async job')],
    run: async (call) => {
      const start = call.str('startdate');
      return pagedList(
        call,
        'asyncjobs',
        'jobs',
        await ownerFilters(call),
        (names, j) => asyncJobOf(call, names, j as never),
        start ? (j) => String(j.submittedAt) >= start : undefined,
      );
    },
  },
  {
    name: 'listEvents',
    description: 'A command to list events.',
    isasync: false,
    entity: 'event',
    params: [
      ...listParams,
      ...scopeParams,
      p.opt('id', 'uuid', 'the ID of the event'),
      p.opt('type', 'string', 'the event type (see listEventTypes)'),
      p.opt('level', 'string', 'the event level (INFO, WARN, ERROR)'),
      p.opt('resourceid', 'string', 'the ID of the resource the events are about'),
      p.opt('startdate', 'date', 'the start date range of the list you want to retrieve'),
      p.opt('enddate', 'date', 'the end date range of the list you want to retrieve'),
    ],
    run: async (call) => {
      const resource = call.str('resourceid');
      const start = call.str('startdate');
      const end = call.str('enddate');
      return pagedList(
        call,
        'event',
        'auditLog',
        { ...(await ownerFilters(call)), ...filtersFrom(call, { id: 'id', type: 'type', level: 'level' }) },
        eventOf,
        resource || start || end
          ? (e) =>
              (!resource || e.resourceId === resource) &&
              (!start || String(e.createdAt) >= start) &&
              (!end || String(e.createdAt).slice(0, end.length) <= end)
          : undefined,
      );
    },
  },
  emptyList('listNetworks', 'network', 'Lists all available networks.'),
  emptyList('listPublicIpAddresses', 'publicipaddress', 'Lists all public IP addresses.'),
  emptyList(
    'listPortForwardingRules',
    'portforwardingrule',
    'Lists all port forwarding rules for an IP address.',
  ),
  emptyList('listIpForwardingRules', 'ipforwardingrule', 'List the IP forwarding rules.'),
  {
    name: 'listCapabilities',
    description: 'Lists capabilities',
    isasync: false,
    entity: 'capability',
    params: [],
    run: async (call) => ({
      kind: 'object',
      key: 'capability',
      value: {
        cloudstackversion: '4.18.0.0',
        securitygroupsenabled: false,
        dynamicrolesenabled: false,
        userpublictemplateenabled: true,
        supportELB: 'false',
        projectinviterequired: false,
        allowusercreateprojects: false,
        customdiskofferingminsize: 1,
        customdiskofferingmaxsize: 1024,
        kvmsnapshotenabled: true,
        allowuserviewdestroyedvm: false,
        allowuserexpungerecovervm: call.http.app.vm.settings?.allowUserExpungeRecoverVm ?? false,
        allowuserexpungerecovervolume: true,
        allowuserviewalldomainaccounts: false,
        kubernetesserviceenabled: false,
        defaultuipagesize: 20,
        apilimitinterval: 60,
        apilimitmax: 6000,
      },
    }),
  },
];
