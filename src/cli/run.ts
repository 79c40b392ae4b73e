import { type ParsedArgs, parseArgs, UsageError } from './args';
import { dashboardCommand } from './commands/dashboard';
import { rebuildCommand } from './commands/rebuild';
import { reportCommand } from './commands/report';
import { seedDemoCommand } from './commands/seed-demo';
import type { CliIo } from './io';
import { CliFailure } from './load';

export const USAGE = `complaint-ledger — complaint handling over an event store directory

Usage: complaint-ledger <command> --store DIR [options]

Commands:
  dashboard   SLA dashboard: clocks per centre, the most urgent ones
              [--now ISO] [--centre ID] [--limit N]
  report      Monthly complaint analysis report (客户投诉分析报告), Markdown + HTML
              --month YYYY-MM [--out DIR] [--as-of ISO]
  rebuild     Replay the store into the SLA and scoring projections
              [--out FILE.json] [--now ISO]
  seed-demo   Write the demo (four centres, six months) into an empty store
              [--last-month YYYY-MM] [--months N]
  help        This text

Every command takes --policy FILE.json (default: the Hongchang policy).
Instants are ISO-8601 with an offset, e.g. 2026-06-20T12:00:00+08:00.
Exit status: 0 done, 1 failed (store, policy, data), 2 usage error.
`;

const COMMANDS: Readonly<Record<string, (args: ParsedArgs, io: CliIo) => Promise<number>>> = {
  dashboard: dashboardCommand,
  report: reportCommand,
  rebuild: rebuildCommand,
  'seed-demo': seedDemoCommand,
};

/** Run one command line; resolves to the exit status. */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  try {
    const args = parseArgs(argv);
    if (
      args.command === undefined ||
      args.command === 'help' ||
      (args.flags.has('help') && args.command === undefined)
    ) {
      io.stdout.write(USAGE);
      return args.command === undefined && !args.flags.has('help') ? 2 : 0;
    }
    const command = COMMANDS[args.command];
    if (command === undefined) throw new UsageError(`unknown command ${args.command}`);
    if (args.flags.has('help')) {
      io.stdout.write(USAGE);
      return 0;
    }
    return await command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`complaint-ledger: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof CliFailure) {
      io.stderr.write(`complaint-ledger: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
};
