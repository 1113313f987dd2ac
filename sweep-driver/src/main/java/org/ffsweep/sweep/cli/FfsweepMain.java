package org.ffsweep.sweep.cli;

import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.ffsweep.sweep.output.ResultFolderException;

/**
 * The {@code ffsweep} command line: {@code train}, {@code sweep}, {@code sql}, {@code report}, {@code data fetch},
 * {@code bench}. Results go to stdout, progress and errors to stderr. Exit codes: 0 done, 2 bad
 * input (usage, configuration, data files), 130 a sweep stopped by Ctrl-C, 1 anything else.
 */
public final class FfsweepMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private static final String USAGE = """
            usage: ffsweep <command> [arguments]
              train CONF [--checkpoint-dir DIR] [--set path=value]...
                                                 train one trial; JSON result on stdout
                                                 --checkpoint-dir: save the trial's state there
                                                 (ffsweep.checkpoint) and continue from it
              sweep CONF [--dry-run] [--out DIR] [--master URL] [--retry-failed] [--report] [--set path=value]...
                                                 run a sweep's trials as Spark tasks (local mode by
                                                 default) into Parquet under DIR; resumable.
                                                 --dry-run: validate, print the count and a sample
                                                 --report: write DIR/report.html after every trial
              sql --out DIR [--format table|csv|json] "SELECT ..."
                                                 query a sweep's trials, epochs and evaluations
              report --out DIR [--html FILE]     the sweep's figures as a web page (default
                                                 DIR/report.html, figures in DIR/report/)
              data fetch mnist|fashion-mnist [CONF] [--set path=value]...
                                                 fetch and verify a data set into the cache
              bench [--set bench.steps=N] [--set bench.case=K] [--set bench.pack=K] [--set path=value]...
                                                 seconds per FF step vs plain matmuls (Markdown);
                                                 --set bench.cpu-kernels=both: without and with
                                                 the CPU kernels in one run
              show-data CONF --out DIR [--count N] [--set path=value]...
                                                 PNGs of the trial's positive and negative data
            --set paths are relative to ffsweep.trial unless they start with 'ffsweep.'
            """;

    private FfsweepMain() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs a command; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? BAD_INPUT : OK;
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(USAGE);
            return OK;
        }
        try {
            return switch (args.get(0)) {
                case "train" -> new TrainCommand(out, err).run(Args.parse(rest, Set.of(), TrainCommand.OPTIONS));
                case "sweep" -> new SweepCommand(out, err).run(Args.parse(rest, SweepCommand.FLAGS, SweepCommand.OPTIONS));
                case "data" -> new DataCommand(err).run(Args.parse(rest));
                case "sql" -> SqlCommand.run(Args.parse(rest, Set.of(), SqlCommand.OPTIONS), out, err);
                case "report" -> ReportCommand.run(Args.parse(rest, Set.of(), ReportCommand.OPTIONS), out, err);
                case "bench" -> new BenchCommand(out, err).run(Args.parse(rest));
                case "show-data" -> new ShowDataCommand(out, err).run(Args.parse(rest, Set.of(), ShowDataCommand.OPTIONS));
                default -> throw new UsageException("unknown command '" + args.get(0) + "'");
            };
        } catch (UsageException e) {
            err.println("ffsweep: " + e.getMessage());
            err.print(USAGE);
            return BAD_INPUT;
        } catch (BadInputException e) {
            err.println("ffsweep: " + e.getMessage());
            return BAD_INPUT;
        } catch (ConfigException e) {
            err.println("ffsweep: configuration error: " + e.getMessage());
            return BAD_INPUT;
        } catch (ResultFolderException e) {
            err.println("ffsweep: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("ffsweep: data error: " + e.getMessage());
            return BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println("ffsweep: data error: " + e.getCause().getMessage());
            return BAD_INPUT;
        } catch (Exception e) {
            err.println("ffsweep: internal error: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }
}
