package io.egressguard.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from {@link Options#ALL}; this test fails when it is stale.
 * Regenerate: ./mvnw -pl agent test -Dtest=ConfigurationDocTest -Degressguard.docs.write=true
 */
class ConfigurationDocTest {
    private static final Path DOC = Paths.get("../docs/configuration.md");

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Agent configuration\n\n")
                .append("<!-- Generated from agent/src/main/java/io/egressguard/agent/config/Options.java by ConfigurationDocTest; do not edit. -->\n\n")
                .append("Each option can be given, in order of precedence, as an agent argument ")
                .append("(`-javaagent:egressguard-agent.jar=key=value,key=value`), a system property (`-Degressguard.<key>=value`), ")
                .append("an environment variable (`EGRESSGUARD_<KEY>`, dots and dashes as underscores), or left at its default. ")
                .append("An unknown key or a bad value is reported in one line on stderr and ignored (the default applies).\n\n")
                .append("| key | system property | environment variable | type | default | description |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Option o : Options.ALL) {
            String type = o.type() == OptionType.CHOICE ? "one of " + String.join(", ", o.choices()) : o.type().label();
            sb.append("| `").append(o.key()).append("` | `").append(o.systemProperty()).append("` | `")
                    .append(o.environmentVariable()).append("` | ").append(type).append(" | ")
                    .append(o.defaultValue().isEmpty() ? "(none)" : "`" + o.defaultValue() + "`").append(" | ")
                    .append(o.description().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    @Test
    void theReferenceMatchesTheOptionList() throws Exception {
        String expected = render();
        if (Boolean.getBoolean("egressguard.docs.write")) {
            Files.write(DOC, expected.getBytes(StandardCharsets.UTF_8));
        }
        String actual = Files.exists(DOC) ? new String(Files.readAllBytes(DOC), StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, "docs/configuration.md is stale: ./mvnw -pl agent test -Dtest=ConfigurationDocTest -Degressguard.docs.write=true");
    }
}
