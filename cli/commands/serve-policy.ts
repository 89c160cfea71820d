import { serveBuiltinPolicy } from '../../openpi/index.ts';
import {
  builtinPolicyNames,
  InvalidPolicyParamError,
  UnknownPolicyError,
} from '../../sim/index.ts';
import { integerOption, parseOptions, UsageError, type Command } from '../command.ts';
import { untilSignal } from '../until-signal.ts';

const defaultPort = 8000;
const defaultHost = '127.0.0.1';

export const servePolicyCommand: Command = {
  name: 'serve-policy',
  help: `Usage: arena serve-policy NAME [--port ${defaultPort}] [--host ${defaultHost}] [--api-key KEY]

Serves a built-in policy (${builtinPolicyNames.join(', ')},
or degraded-expert?skill=0.5) as an openpi policy server and prints its ws:// URL. Any openpi
client, or a remote policy registered in policy-arena, can connect. Each connection is one
episode; observations use the "arena" layout (the simulator's full observation under
"arena/observation"). GET /healthz on the same port answers "OK". Stops on SIGTERM or Ctrl-C.

  --port N        port to listen on (default ${defaultPort}; 0 picks a free one)
  --host H        address to listen on (default ${defaultHost}; 0.0.0.0 for every interface)
  --api-key KEY   require "Authorization: Api-Key KEY" from clients`,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { port: { type: 'string' }, host: { type: 'string' }, 'api-key': { type: 'string' } },
      true,
    );
    const [name] = positionals;
    if (name === undefined || positionals.length !== 1) {
      throw new UsageError('expected one policy name, e.g. "arena serve-policy expert"');
    }
    const port = integerOption('port', values.port, defaultPort, 0, 65_535);
    const apiKey = values['api-key'];
    if (apiKey !== undefined && apiKey.trim() === '') {
      throw new UsageError('--api-key must not be empty');
    }
    const server = await serveBuiltinPolicy(name, {
      host: values.host ?? defaultHost,
      port,
      apiKey,
      onError: (error) => console.error(`arena: error reported to a client: ${error.message}`),
    }).catch((error: unknown) => {
      throw error instanceof UnknownPolicyError || error instanceof InvalidPolicyParamError
        ? new UsageError(error.message)
        : error;
    });
    console.log(server.url);
    console.error(
      `arena: serving ${name} over openpi at ${server.url}` +
        (apiKey === undefined ? '' : ' (API key required)') +
        '; Ctrl-C to stop',
    );
    await untilSignal();
    await server.close();
    return 0;
  },
};
