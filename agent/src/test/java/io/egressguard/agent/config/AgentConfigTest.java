package io.egressguard.agent.config;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    private final Properties props = new Properties();
    private final Map<String, String> env = new HashMap<>();

    @Test
    void agentArgumentsBeatSystemPropertiesWhichBeatEnvironmentWhichBeatsDefaults() {
        env.put("EGRESSGUARD_MODE", "monitor");
        env.put("EGRESSGUARD_STACK_DEPTH", "10");
        env.put("EGRESSGUARD_PAYLOAD_MAX", "2k");
        props.setProperty("egressguard.stack.depth", "20");
        props.setProperty("egressguard.record", "all");
        AgentConfig c = AgentConfig.resolve("stack.depth=30, queue=/q", props, env);

        assertEquals(30, c.number(Options.STACK_DEPTH));
        assertEquals("agent argument stack.depth", c.source(Options.STACK_DEPTH));
        assertEquals("all", c.string(Options.RECORD));
        assertEquals("monitor", c.string(Options.MODE));
        assertEquals(2048, c.number(Options.PAYLOAD_MAX));
        assertEquals("/q", c.string(Options.QUEUE));
        assertEquals("", c.string(Options.POLICY), "default");
        assertEquals(1000, c.number(Options.FOLD_WINDOW), "default");
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
    }

    @Test
    void unknownKeysAreWarnedAboutWithASuggestion() {
        env.put("EGRESSGUARD_POLCY", "/x");
        props.setProperty("egressguard.mod", "monitor");
        AgentConfig c = AgentConfig.resolve("polcy=/p.yaml,queue=/q", props, env);
        assertTrue(c.warnings().contains("unknown option 'polcy' in agent arguments (did you mean 'policy'?); ignored"), c.warnings().toString());
        assertTrue(c.warnings().contains("unknown environment variable EGRESSGUARD_POLCY (did you mean 'policy'?); ignored"), c.warnings().toString());
        assertTrue(c.warnings().contains("unknown system property egressguard.mod (did you mean 'mode'?); ignored"), c.warnings().toString());
        assertEquals("", c.string(Options.POLICY));
    }

    @Test
    void badValuesFallBackToTheDefaultAndSaySo() {
        AgentConfig c = AgentConfig.resolve("mode=block,stack.depth=0,payload.max=2m,tools=yes,junk", props, env);
        assertEquals("enforce", c.string(Options.MODE));
        assertEquals(64, c.number(Options.STACK_DEPTH));
        assertEquals(4096, c.number(Options.PAYLOAD_MAX));
        assertFalse(c.bool(Options.TOOLS));
        assertTrue(c.warnings().contains("agent argument mode=block: expected one of enforce, monitor; using the default enforce"), c.warnings().toString());
        assertTrue(c.warnings().contains("agent argument stack.depth=0: expected a value from 1 to 1024; using the default 64"), c.warnings().toString());
        assertTrue(c.warnings().contains("agent argument payload.max=2m: expected a value from 0 to 1048576; using the default 4096"), c.warnings().toString());
        assertTrue(c.warnings().contains("agent argument tools=yes: expected true or false; using the default false"), c.warnings().toString());
        assertTrue(c.warnings().contains("agent argument 'junk' is not key=value; ignored"), c.warnings().toString());
    }

    @Test
    void pathsExpandHomeAndTmp() {
        props.setProperty("user.home", "/home/u");
        AgentConfig c = AgentConfig.resolve(null, props, env);
        assertEquals("/home/u/.egressguard/journal", c.path(Options.QUEUE, props));
    }

    @Test
    void everyOptionHasADescriptionAndAnEnvironmentName() {
        for (Option o : Options.ALL) {
            assertFalse(o.description().isEmpty(), o.key());
            assertTrue(o.environmentVariable().matches("EGRESSGUARD_[A-Z_]+"), o.environmentVariable());
            assertNull(OptionValues.check(o, o.defaultValue()), "the default of " + o.key() + " is valid");
        }
        assertEquals("EGRESSGUARD_DISK_MIN_FREE", Options.DISK_MIN_FREE.environmentVariable());
    }
}
