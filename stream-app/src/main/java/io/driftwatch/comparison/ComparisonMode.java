package io.driftwatch.comparison;

import java.util.Locale;
import java.util.Optional;

/** How the candidate gets its traffic, which decides what can be compared. */
public enum ComparisonMode {
    /** The candidate serves a share of the traffic: both versions see different requests of the same population. */
    CANARY,
    /** The candidate scores the same requests without serving them: predictions can be paired by request_id. */
    SHADOW,
    /** Users are split between two variants, as in a canary but usually half and half. */
    AB;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ComparisonMode> parse(String id) {
        for (ComparisonMode m : values()) {
            if (m.id().equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Whether a deployment role is the primary's: producers may write it as null or as "primary" (producers.md). */
    public static boolean isPrimary(String role) {
        return role == null || role.equals("primary");
    }

    /** The mode a deployment role implies when a comparison is discovered; empty for the primary. */
    public static Optional<ComparisonMode> ofRole(String role) {
        if (role == null) {
            return Optional.empty();
        }
        return switch (role) {
            case "canary" -> Optional.of(CANARY);
            case "shadow" -> Optional.of(SHADOW);
            case "variant" -> Optional.of(AB);
            default -> Optional.empty();
        };
    }
}
