package io.egressguard.collector.report.forensic;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.collector.store.ReportRows.StackTotal;
import io.egressguard.event.EventCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Distinct stacks merged on their common outermost frames, so that 10,000 attempts from one code
 * path read as one branch. A chain of frames with a single continuation is one node (its
 * {@code frames}, outermost first), which keeps a 30-frame path to one block instead of 30 levels.
 */
public record StackTree(long distinct, List<Node> roots) {
    public static final String NO_STACK = "(no stack recorded)";
    public static final String NOT_STORED = "(stack not stored)";

    /** Frames outermost first; {@code attempts} counts every stack through this node; children most attempts first. */
    public record Node(List<String> frames, long attempts, List<Node> children) {
    }

    public static StackTree of(List<StackTotal> stacks, long distinct) {
        Trie root = new Trie(null);
        for (StackTotal stack : stacks) {
            List<String> frames = outermostFirst(stack);
            Trie at = root;
            at.attempts += stack.attempts();
            for (String frame : frames) {
                at = at.children.computeIfAbsent(frame, Trie::new);
                at.attempts += stack.attempts();
            }
        }
        List<Node> roots = new ArrayList<>();
        for (Trie child : sorted(root)) {
            roots.add(compress(child));
        }
        return new StackTree(distinct, Collections.unmodifiableList(roots));
    }

    private static List<String> outermostFirst(StackTotal stack) {
        if (stack.hash() == null) {
            return List.of(NO_STACK);
        }
        if (stack.frames() == null) {
            return List.of(NOT_STORED);
        }
        List<String> frames = new ArrayList<>();
        try {
            JsonNode array = EventCodec.mapper().readTree(stack.frames());
            for (JsonNode frame : array) {
                frames.add(frame.asText());
            }
        } catch (IOException e) {
            return List.of(NOT_STORED);
        }
        Collections.reverse(frames);
        return frames.isEmpty() ? List.of(NO_STACK) : frames;
    }

    private static Node compress(Trie start) {
        List<String> frames = new ArrayList<>();
        Trie at = start;
        frames.add(at.frame);
        // A stack that ends here while others go on keeps this node apart: its count differs from the child's.
        while (at.children.size() == 1 && at.children.values().iterator().next().attempts == at.attempts) {
            at = at.children.values().iterator().next();
            frames.add(at.frame);
        }
        List<Node> children = new ArrayList<>();
        for (Trie child : sorted(at)) {
            children.add(compress(child));
        }
        return new Node(List.copyOf(frames), start.attempts, List.copyOf(children));
    }

    private static List<Trie> sorted(Trie node) {
        List<Trie> children = new ArrayList<>(node.children.values());
        children.sort(Comparator.comparingLong((Trie t) -> -t.attempts).thenComparing(t -> t.frame));
        return children;
    }

    private static final class Trie {
        final String frame;
        final Map<String, Trie> children = new LinkedHashMap<>();
        long attempts;

        Trie(String frame) {
            this.frame = frame;
        }
    }
}
