package io.driftwatch.alerting;

import java.util.List;
import java.util.stream.Collectors;

/** A rules file that cannot be loaded; carries every error found, not just the first. */
public final class RulesFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<RuleProblem> problems;

    RulesFileException(String source, List<RuleProblem> problems) {
        super(problems.size() + (problems.size() == 1 ? " error" : " errors") + " in " + source + ":\n"
                + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** The errors, in line order. */
    public List<RuleProblem> problems() {
        return problems;
    }
}
