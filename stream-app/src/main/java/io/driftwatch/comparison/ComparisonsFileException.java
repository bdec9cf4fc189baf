package io.driftwatch.comparison;

import java.util.List;

/** A comparisons file that cannot be loaded; carries every problem found, each naming the key and the fix. */
public final class ComparisonsFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    ComparisonsFileException(String source, List<String> problems) {
        super(problems.size() + (problems.size() == 1 ? " error" : " errors") + " in " + source + ":\n  "
            + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
