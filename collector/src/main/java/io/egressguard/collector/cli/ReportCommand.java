package io.egressguard.collector.cli;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.report.forensic.ForensicReport;
import io.egressguard.collector.report.forensic.HtmlReport;
import io.egressguard.collector.report.forensic.JsonReport;
import io.egressguard.collector.report.forensic.MarkdownReport;
import io.egressguard.collector.report.forensic.ReportBuilder;
import io.egressguard.collector.report.forensic.ReportRenderer;
import io.egressguard.collector.report.forensic.TextReport;
import io.egressguard.collector.report.Cells;
import io.egressguard.collector.report.cyclonedx.CycloneDxReport;
import io.egressguard.collector.report.cyclonedx.Observed;
import io.egressguard.collector.report.cyclonedx.Sbom;
import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import io.egressguard.collector.store.OwnerOnlyFiles;
import io.egressguard.event.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.cyclonedx.model.Bom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints a forensic report of stored events: summary, by destination, by call site (with the distinct"
                + " stacks as a tree), by dependency, a timeline and the largest payloads; or, with --format cyclonedx, a"
                + " CycloneDX BOM of the dependencies that made attempts and the services they tried. Aggregated by the database.",
                "Attempts count every attempt an event stands for (its count), not just records. See docs/report.md."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.DONE_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE, ExitCodes.FAIL_ON_LINE})
final class ReportCommand implements Callable<Integer> {
    enum Format { text, markdown, json, html, cyclonedx }

    static final int DEFAULT_WIDTH = 100;

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (fits the terminal), markdown, json (schema in docs/report.md), html (one self-contained"
                    + " file, no scripts) or cyclonedx (a CycloneDX 1.6 JSON BOM: the dependencies that made attempts, the"
                    + " services they tried to reach; not cut by --limit) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the report to FILE (created owner-only: payload previews may be sensitive) instead of stdout.")
    Path outFile;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", converter = SeverityConverter.class,
            description = "Exit with code 3 when attempts of this severity or a more severe one (critical > high > medium > low)"
                    + " exist in the range; the report is written all the same.")
    Severity failOn;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "Rows per table (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--width", paramLabel = "N",
            description = "With --format text, the line width (default: $COLUMNS, else " + DEFAULT_WIDTH + ").")
    Integer width;

    @Mixin
    FilterOptions filter;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--limit': " + limit + " (must be at least 1)");
        }
        if (width != null && width < 40) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--width': " + width + " (must be at least 40)");
        }
        Instant now = Instant.now();
        EventFilter eventFilter = filter.toFilter(now);
        String jvm = filter.jvm == null ? null : (filter.jvm.host() == null ? "" : filter.jvm.host() + ":") + filter.jvm.pid();
        String action = filter.action == null ? null : filter.action.wireName();
        Map<String, Long> bySeverity;
        try (EventStore eventStore = EventStores.open(store.url, false)) {
            if (format == Format.cyclonedx) {
                Observed observed = Observed.read(eventStore, eventFilter, now, filters(eventFilter, jvm, action));
                Bom bom = Sbom.of(observed);
                write(out -> CycloneDxReport.write(bom, out));
                bySeverity = observed.totals().bySeverity();
            } else {
                ForensicReport.Scope scope = new ForensicReport.Scope(now, store.url.toString(), eventFilter.sinceNanos(),
                        eventFilter.untilNanos(), filter.host, jvm, action, limit);
                ForensicReport report = new ReportBuilder(eventStore, limit).build(eventFilter, scope);
                ReportRenderer renderer = switch (format) {
                    case markdown -> new MarkdownReport();
                    case json -> new JsonReport();
                    case html -> new HtmlReport();
                    default -> new TextReport(width != null ? width : terminalWidth());
                };
                write(out -> renderer.write(report, out));
                bySeverity = report.overview().bySeverity();
            }
        }
        if (failOn != null) {
            long matching = ReportBuilder.attemptsAtOrAbove(bySeverity, failOn);
            if (matching > 0) {
                spec.commandLine().getErr().println("egressguard report: " + matching + " attempts at or above severity "
                        + failOn.wireName() + " in the range (--fail-on " + failOn.wireName() + ")");
                spec.commandLine().getErr().flush();
                return ExitCodes.FAIL_ON;
            }
        }
        return ExitCodes.OK;
    }

    /** The range and filters as the BOM's metadata names them (docs/report.md); null when not given. */
    private Map<String, String> filters(EventFilter f, String jvm, String action) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("since", f.sinceNanos() == null ? null : Cells.timeIso(f.sinceNanos()));
        out.put("until", f.untilNanos() == null ? null : Cells.timeIso(f.untilNanos()));
        out.put("host", filter.host);
        out.put("jvm", jvm);
        out.put("action", action);
        return out;
    }

    /** To stdout, or to --out. */
    private void write(Consumer<PrintWriter> report) {
        if (outFile == null) {
            report.accept(spec.commandLine().getOut());
            return;
        }
        OwnerOnlyFiles.createFile(outFile);
        try (Writer w = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE); PrintWriter out = new PrintWriter(w)) {
            report.accept(out);
            if (out.checkError()) {
                throw new IOException("write failed");
            }
        } catch (IOException e) {
            throw new CollectorException("cannot write the report to " + outFile + ": " + e.getMessage(), e);
        }
    }

    /** $COLUMNS when it is a sensible number (shells export it only sometimes), else 100. */
    static int terminalWidth() {
        String columns = System.getenv("COLUMNS");
        try {
            int value = columns == null ? 0 : Integer.parseInt(columns.trim());
            return value >= 40 ? value : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    static final class SeverityConverter implements ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            Severity s = Severity.parse(value);
            if (s == null) {
                throw new TypeConversionException("'" + value + "' is not a severity (critical, high, medium or low)");
            }
            return s;
        }
    }
}
