package io.driftwatch.schemas.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a Java 21+ runtime for a child process that needs one (Apicurio Registry is built for
 * Java 21, while this project builds and tests on Java 17). In order: the system property
 * {@value #HOME_PROPERTY} or the environment variable {@value #HOME_ENV}; the JVM running the
 * tests, when it is new enough; {@code /usr/lib/jvm/temurin-25-jdk-amd64}; else the newest folder of
 * {@code /usr/lib/jvm} whose {@code release} file says {@code JAVA_VERSION} 21 or later.
 */
public final class Java21Runtime {

    public static final String HOME_PROPERTY = "driftwatch.java21.home";
    public static final String HOME_ENV = "DRIFTWATCH_JAVA21_HOME";
    static final int MINIMUM = 21;
    private static final Path JVM_FOLDER = Path.of("/usr/lib/jvm");
    private static final Path PREFERRED = JVM_FOLDER.resolve("temurin-25-jdk-amd64");
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(\\d+)");

    private Java21Runtime() {
    }

    /**
     * The {@code java} executable of a Java 21+ runtime, or empty when the machine has none.
     *
     * @throws IllegalStateException when {@value #HOME_PROPERTY} / {@value #HOME_ENV} names a folder
     *     that is not a Java 21+ runtime: a wrong setting is an error, not a reason to skip
     */
    public static Optional<Path> find() {
        return find(System.getProperty(HOME_PROPERTY, System.getenv(HOME_ENV)), Runtime.version().feature(),
            Path.of(System.getProperty("java.home")), PREFERRED, JVM_FOLDER);
    }

    /** {@link #find()} with what it reads from the machine given, so that each rule can be tested. */
    static Optional<Path> find(String chosen, int runningFeature, Path runningHome, Path preferred, Path jvmFolder) {
        if (chosen != null && !chosen.isBlank()) {
            Path home = Path.of(chosen);
            OptionalInt version = featureVersion(home);
            if (version.isEmpty() || version.getAsInt() < MINIMUM || !Files.isExecutable(java(home))) {
                throw new IllegalStateException(HOME_PROPERTY + " / " + HOME_ENV + " is " + home + ", which is not a Java "
                    + MINIMUM + "+ runtime (its release file says " + (version.isEmpty() ? "nothing" : "Java " + version.getAsInt())
                    + "); point it at the folder holding bin/java of a JDK or JRE 21 or later, or unset it");
            }
            return Optional.of(java(home));
        }
        if (runningFeature >= MINIMUM) {
            return Optional.of(java(runningHome));
        }
        if (isJava21Plus(preferred)) {
            return Optional.of(java(preferred));
        }
        return newestUnder(jvmFolder).map(Java21Runtime::java);
    }

    /** What to do when {@link #find()} comes back empty, for a skip or failure message. */
    public static String howToProvide() {
        return "no Java " + MINIMUM + "+ runtime found (looked at " + HOME_PROPERTY + ", " + HOME_ENV + ", the running JVM, "
            + PREFERRED + " and " + JVM_FOLDER + "/*/release); install one, or set " + HOME_ENV + " to its folder";
    }

    private static Optional<Path> newestUnder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(folder)) {
            List<Path> candidates = homes.filter(Java21Runtime::isJava21Plus).toList();
            return candidates.stream()
                .max(Comparator.comparingInt((Path h) -> featureVersion(h).orElse(0)).thenComparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isJava21Plus(Path home) {
        return featureVersion(home).orElse(0) >= MINIMUM && Files.isExecutable(java(home));
    }

    /** The feature version (21, 25, ...) from {@code home/release}, as every JDK and JRE since 9 ships it. */
    static OptionalInt featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return OptionalInt.empty();
        }
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
            // "1.8.0_392" names Java 8: the leading 1 is not the feature version, and 8 is too old anyway.
            return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static Path java(Path home) {
        return home.resolve("bin").resolve("java");
    }
}
