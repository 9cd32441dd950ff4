import { runTop } from './commands/top.js';
import { runTags } from './commands/tags.js';
import { runPeek } from './commands/peek.js';
import { runDiff } from './commands/diff.js';
import { runServe } from './commands/serve.js';
import { runOpen } from './commands/open.js';
import { runPull } from './commands/pull.js';
import { runExport } from './commands/export.js';
import { CliError } from './load-profile.js';
import { UsageError, type Output } from './cli-support.js';
import { debugDetails, describeFailure } from './cli-errors.js';

const USAGE = `usage:
  flamedeck [FILE...] [--web] [--port N]    the desktop app (web version where Electron is missing)
  flamedeck --base BASE TARGET              the app on the comparison of TARGET with BASE
  flamedeck serve [--port N] [--base BASE] [FILE...]
                                            the viewer in a browser, on 127.0.0.1
  flamedeck top FILE [--sample-type NAME|INDEX] [--tagfocus E] [--tagignore E]
                     [--focus R] [--ignore R] [--hide R] [--show R] [--nodecount N] [--json]
                     [--max-memory SIZE]
  flamedeck peek FILE REGEX [--sample-type NAME|INDEX] [--tagfocus E] [--tagignore E]
                           [--focus R] [--ignore R] [--hide R] [--show R] [--json]
                           [--max-memory SIZE]
  flamedeck diff BASE TARGET [--sample-type NAME|INDEX] [--tagfocus E] [--tagignore E]
                            [--focus R] [--ignore R] [--hide R] [--show R] [--normalize]
                            [--nodecount N] [--json] [--fail-on-growth PCT] [--max-memory SIZE]
  flamedeck tags FILE [--sample-type NAME|INDEX] [--tagfocus E] [--tagignore E] [--json]
                      [--max-memory SIZE]
  flamedeck pull SOURCE -o FILE             save a remote profile (gzipped, as pprof saves .pb.gz)
  flamedeck export FILE --format pprof|folded|csv -o OUT|- [--base BASE]
                        [--sample-type NAME|INDEX] [--tagfocus E] [--tagignore E]
                        [--focus R] [--ignore R] [--hide R] [--show R] [--max-memory SIZE]
                                            the filtered view as a .pb.gz, folded stacks or the
                                            top table as CSV (a comparison with --base)

  Every command (the app and serve too) takes a SOURCE URL wherever it takes a FILE:
  http(s)://…, e.g. http://host:6060/debug/pprof/heap, or a Pyroscope query,
  'pyroscope+http://host:4040/?query=TYPE{service_name="x"}&from=now-1h&until=now', with
  [--seconds N] (http CPU capture time, as pprof's --seconds), [--tenant T] (X-Scope-OrgID) and
  [--user U]; FLAMEDECK_PASSWORD and FLAMEDECK_TOKEN (bearer) give the secrets.
`;

const stdio: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  bytes: (data) => process.stdout.write(data),
};

/** Runs one command; returns the exit status (0 ok, 1 bad input, 2 bad usage, 3 diff --fail-on-growth tripped). */
export async function main(argv: string[], io: Output = stdio): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'top':
        return await runTop(rest, io);
      case 'tags':
        return await runTags(rest, io);
      case 'peek':
        return await runPeek(rest, io);
      case 'diff':
        return await runDiff(rest, io);
      case 'serve':
        return await runServe(rest, io);
      case 'pull':
        return await runPull(rest, io);
      case 'export':
        return await runExport(rest, io);
      case '-h':
      case '--help':
      case 'help':
        io.out(USAGE);
        return 0;
      default:
        // No command, or files first: open the app.
        if (command === undefined || command.startsWith('-') || /\.(gz|pb|pprof|prof|folded|txt)$/i.test(command) || command.includes('/')) {
          return await runOpen(argv, io);
        }
        io.err(`flamedeck: unknown command ${JSON.stringify(command)}\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`flamedeck: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof CliError) {
      io.err(`flamedeck: ${error.message}\n${debugDetails(error)}`);
      return 1;
    }
    // Commands name the file in their errors; this is the net under everything else.
    io.err(`flamedeck: ${describeFailure(error)}\n${debugDetails(error)}`);
    return 1;
  }
}

