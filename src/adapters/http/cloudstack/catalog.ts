import { catalogCommands } from './commands/catalog.ts';
import { infrastructureCommands } from './commands/infrastructure.ts';
import { miscCommands } from './commands/misc.ts';
import { offeringCommands } from './commands/offerings.ts';
import { resourceCommands } from './commands/resources.ts';
import { storageCommands } from './commands/storage.ts';
import { tenancyCommands } from './commands/tenancy.ts';
import { usageCommands } from './commands/usage.ts';
import { vmCommands } from './commands/vm.ts';
import { responseFields } from './fields.ts';
import { type CommandSpec, listParams, p } from './table.ts';

/** listApis: generated from the same table the router dispatches on. */
const listApis: CommandSpec = {
  name: 'listApis',
  description: 'lists all available apis on the server, provided by the Api Discovery plugin',
  isasync: false,
  entity: 'api',
  params: [...listParams, p.opt('name', 'string', 'API name')],
  run: async (call) => {
    const name = call.str('name');
    const apis = apiDescriptions().filter((a) => !name || a.name === name);
    return { kind: 'list', key: 'api', items: apis, count: apis.length };
  },
};

const authCommands: readonly CommandSpec[] = [
  {
    name: 'login',
    description:
      'Logs a user into the CloudStack. A successful login attempt will generate a JSESSIONID cookie value and a sessionkey.',
    isasync: false,
    params: [
      p.req('username', 'string', 'Username'),
      p.req('password', 'string', 'Password'),
      p.opt('domain', 'string', 'Path of the domain that the user belongs to, e.g. ROOT/sub (default ROOT)'),
      p.opt('domainid', 'uuid', 'The id of the domain that the user belongs to'),
    ],
    run: async () => {
      throw new Error('login is answered by the router');
    },
  },
  {
    name: 'logout',
    description: 'Logs out the user',
    isasync: false,
    params: [],
    run: async () => {
      throw new Error('logout is answered by the router');
    },
  },
];

/** Every supported command, by name. */
export const supportedCommands: readonly CommandSpec[] = [
  ...authCommands,
  ...catalogCommands,
  ...vmCommands,
  ...storageCommands,
  ...miscCommands,
  ...infrastructureCommands,
  ...tenancyCommands,
  ...resourceCommands,
  ...usageCommands,
  ...offeringCommands,
  listApis,
].sort((a, b) => a.name.localeCompare(b.name));

export const commandByName = new Map(supportedCommands.map((c) => [c.name, c]));

export const apiDescriptions = () =>
  supportedCommands.map((c) => ({
    name: c.name,
    description: c.description,
    isasync: c.isasync,
    related: '',
    since: '',
    params: c.params.map((param) => ({
      name: param.name,
      description: param.description,
      type: param.type,
      length: param.name === 'userdata' ? 1048576 : 255,
      required: param.required === true,
      related: '',
      since: '',
    })),
    response: responseFields(c),
  }));

/** The README's table of supported commands, as Markdown. */
export const supportedCommandsMarkdown = (): string =>
  [
    '| command | async | required parameters | description |',
    '|---|---|---|---|',
    ...supportedCommands.map(
      (c) =>
        `| ${c.name} | ${c.isasync ? 'yes' : 'no'} | ${
          c.params
            .filter((x) => x.required)
            .map((x) => x.name)
            .join(', ') || '-'
        } | ${c.description.replaceAll('|', '\\|')} |`,
    ),
  ].join('\n');
