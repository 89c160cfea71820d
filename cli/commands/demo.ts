import { registerPolicy } from '../../services/catalog/policy-store.ts';
import { registerTask } from '../../services/catalog/task-store.ts';
import { createCampaign } from '../../services/campaigns/campaign-store.ts';
import { getCampaignView } from '../../services/campaigns/campaign-view.ts';
import { builtinPolicyNames, listTasks } from '../../sim/index.ts';
import { integerOption, parseOptions, type Command } from '../command.ts';
import { formatLeaderboard, leaderboardJson } from '../leaderboard-table.ts';
import { ProgressBar } from '../progress-bar.ts';
import { mintSignInLink } from '../sign-in-link.ts';
import { startStack } from '../start-stack.ts';
import { untilSignal } from '../until-signal.ts';

const pollMs = 250;
/** Give up when no comparison completes for this long: the workers are stuck or gone. */
const stallTimeoutMs = 120_000;

export const demoCommand: Command = {
  name: 'demo',
  help: `Usage: arena demo [--exit] [--json] [--budget N] [--sim-workers N] [--port P] [--take-over-queues]

Starts everything (as "arena up"), registers the built-in policies (${builtinPolicyNames.join(', ')})
and every simulator task, runs a campaign of N paired comparisons (default 120) with a progress
bar, prints the Bradley-Terry leaderboard with 95% bootstrap intervals, and keeps the dashboard
and the judging page (/judge; crowd votes count in this campaign's ranking) running until Ctrl-C.

  --exit           stop everything and exit once the leaderboard is printed
  --json           print the leaderboard as JSON on stdout (progress stays on stderr)
  --budget N       comparisons in the campaign (default 120)
  --sim-workers N  sim worker processes (default 2)
  --port P         dashboard port (default PORT or 8080; a free one if taken)
  --take-over-queues  as for arena up: use the queue prefix even if another deployment owns it`,
  async run(args) {
    const { values } = parseOptions(args, {
      exit: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      budget: { type: 'string' },
      'sim-workers': { type: 'string' },
      port: { type: 'string' },
      'take-over-queues': { type: 'boolean' },
    });
    const budget = integerOption('budget', values.budget, 120, 1, 100_000);
    const simWorkers = integerOption('sim-workers', values['sim-workers'], 2, 1, 256);
    const port =
      values.port === undefined ? undefined : integerOption('port', values.port, 0, 0, 65535);
    // The demo draws a progress bar on standard error: a line per rollout would bury it. Its
    // sim workers inherit the setting.
    process.env.ARENA_LOG_LEVEL ??= 'warn';
    const stack = await startStack({
      simWorkers,
      port,
      freePortIfTaken: true,
      takeOverQueues: values['take-over-queues'],
    });
    const { db } = stack.services.database;
    try {
      for (const name of builtinPolicyNames)
        await registerPolicy(db, { name, kind: 'builtin', builtin: name });
      for (const task of listTasks()) {
        await registerTask(db, {
          name: task.name,
          simTask: task.name,
          instruction: task.instruction,
        });
      }
      const name = `demo-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      const { campaignId } = await createCampaign(db, {
        name,
        policies: [...builtinPolicyNames],
        tasks: listTasks().map((t) => t.name),
        budget,
        maxInFlight: 8,
        pairing: 'uniform',
        // Crowd votes count too, so the judging page can be tried on this campaign right away.
        judgementSources: ['auto', 'crowd'],
        start: true,
      });
      stack.services.scheduler.nudge();
      console.error(
        `arena: campaign ${name}: ${budget} paired comparisons on ${simWorkers} sim workers`,
      );
      // Nothing is anonymous: the demo signs its user in as a researcher, and offers a judge.
      const url = stack.services.url;
      const dashboard = encodeURIComponent(`/#campaign=${campaignId}`);
      const researcherLink = `${await mintSignInLink(db, url, { role: 'researcher', label: name })}&next=${dashboard}`;
      const judgeLink = await mintSignInLink(db, url, { role: 'judge', label: name });
      console.error(`arena: dashboard (researcher sign-in): ${researcherLink}`);
      await waitForCampaign(db, campaignId);
      const snapshot = await stack.services.refresher.refitNow(campaignId);
      if (snapshot === null) throw new Error('the final rating fit failed; see the log above');
      console.log(
        values.json
          ? leaderboardJson(snapshot.leaderboard)
          : `\n${formatLeaderboard(snapshot.leaderboard)}\n`,
      );
      console.error(`arena: dashboard (researcher sign-in): ${researcherLink}`);
      console.error(`arena: judging page (judge sign-in): ${judgeLink}`);
      if (!values.exit) {
        console.error('arena: press Ctrl-C to stop');
        await untilSignal();
      }
      return 0;
    } finally {
      await stack.stop();
    }
  },
};

async function waitForCampaign(
  db: Parameters<typeof getCampaignView>[0],
  campaignId: string,
): Promise<void> {
  const bar = new ProgressBar();
  let lastCompleted = -1;
  let lastChange = Date.now();
  for (;;) {
    const campaign = await getCampaignView(db, campaignId);
    bar.update(campaign.progress);
    if (campaign.status === 'completed') break;
    if (campaign.progress.completed !== lastCompleted) {
      lastCompleted = campaign.progress.completed;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > stallTimeoutMs) {
      bar.finish();
      throw new Error(
        `no comparison completed in ${stallTimeoutMs / 1000} s; are the sim workers running?`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  bar.finish();
}
