package io.egressguard.collector.cli;

/** Whether the collector talks to a person (redraw a status line) or to a log (print a line now and then). */
final class Terminal {
    private Terminal() {
    }

    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        // JDK 22+ returns a console even when redirected; isTerminal() then tells the truth.
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
