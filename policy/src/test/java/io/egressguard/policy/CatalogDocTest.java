package io.egressguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The catalog table in docs/policy.md is generated from catalog.tsv ({@link Catalog#entries()});
 * this test fails when it is stale. Regenerate:
 * ./mvnw -pl policy -am test -Dtest=CatalogDocTest -Dsurefire.failIfNoSpecifiedTests=false -Degressguard.docs.write=true
 */
class CatalogDocTest {
    private static final Path DOC = Paths.get("../docs/policy.md");
    static final String START = "<!-- catalog:start (generated from policy/src/main/resources/io/egressguard/policy/catalog.tsv by CatalogDocTest; do not edit) -->\n";
    static final String END = "<!-- catalog:end -->\n";

    static String render() {
        Map<String, Integer> perCategory = new TreeMap<>();
        for (Catalog.Entry e : Catalog.entries()) {
            perCategory.merge(e.category(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder(START).append('\n');
        sb.append(Catalog.entries().size()).append(" entries; by category: ");
        String sep = "";
        for (Map.Entry<String, Integer> c : perCategory.entrySet()) {
            sb.append(sep).append(c.getKey()).append(' ').append(c.getValue());
            sep = ", ";
        }
        sb.append(".\n\n| domain (and its subdomains) | vendor | category |\n|---|---|---|\n");
        for (Catalog.Entry e : Catalog.entries()) {
            sb.append("| `").append(e.domain()).append("` | ").append(e.vendor().replace("|", "\\|")).append(" | ")
                    .append(e.category()).append(" |\n");
        }
        return sb.append('\n').append(END).toString();
    }

    @Test
    void theCatalogTableMatchesTheCatalogData() throws Exception {
        String doc = new String(Files.readAllBytes(DOC), StandardCharsets.UTF_8);
        int start = doc.indexOf(START);
        int end = doc.indexOf(END);
        assertTrue(start >= 0 && end > start, "docs/policy.md has no generated catalog section (markers " + START.trim() + " ... " + END.trim() + ")");
        String expected = doc.substring(0, start) + render() + doc.substring(end + END.length());
        if (Boolean.getBoolean("egressguard.docs.write")) {
            Files.write(DOC, expected.getBytes(StandardCharsets.UTF_8));
            doc = expected;
        }
        assertEquals(expected, doc, "docs/policy.md's catalog is stale: ./mvnw -pl policy -am test -Dtest=CatalogDocTest -Dsurefire.failIfNoSpecifiedTests=false -Degressguard.docs.write=true");
    }
}
