package io.egressguard.collector.report.cyclonedx;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.collector.report.SafeJson;
import java.io.PrintWriter;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;

/**
 * Writes a BOM as CycloneDX 1.6 JSON. The library makes the document; it is written through
 * {@link SafeJson} so that control and bidi characters from an event are \\u escapes, as in every
 * other JSON the collector prints, and a terminal shows them instead of obeying them.
 */
public final class CycloneDxReport {
    public static final Version VERSION = Version.VERSION_16;

    private CycloneDxReport() {
    }

    public static void write(Bom bom, PrintWriter out) {
        JsonNode tree = BomGeneratorFactory.createJson(VERSION, bom).toJsonNode();
        out.println(SafeJson.write(tree, true));
        out.flush();
    }
}
