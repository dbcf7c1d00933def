package io.egressguard.collector.report.forensic;

import java.io.PrintWriter;

/** One output format of the forensic report. */
public interface ReportRenderer {
    void write(ForensicReport report, PrintWriter out);
}
