package io.driftwatch.schemas.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the Apicurio fixture picks a Java 21+ runtime, over fake JDK folders. */
class Java21RuntimeTest {

    @TempDir
    Path jvms;

    private Path jdk(String name, String releaseVersion) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.createFile(home.resolve("bin/java"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(java).isExecutable();
        if (releaseVersion != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + releaseVersion + "\"\nOS_NAME=\"Linux\"\n");
        }
        return home;
    }

    @Test
    void readsTheFeatureVersionFromTheReleaseFile() throws IOException {
        assertThat(Java21Runtime.featureVersion(jdk("temurin-25", "25.0.3"))).isEqualTo(OptionalInt.of(25));
        assertThat(Java21Runtime.featureVersion(jdk("openjdk-17", "17.0.15"))).isEqualTo(OptionalInt.of(17));
        assertThat(Java21Runtime.featureVersion(jdk("java-8", "1.8.0_392"))).as("Java 8 names itself 1.8").isEqualTo(OptionalInt.of(1));
        assertThat(Java21Runtime.featureVersion(jdk("no-release", null))).isEmpty();
    }

    @Test
    void anExplicitHomeWinsAndMustBeJava21OrLater() throws IOException {
        Path jdk22 = jdk("jdk-22", "22.0.2");
        Path jdk17 = jdk("jdk-17", "17.0.15");

        assertThat(Java21Runtime.find(jdk22.toString(), 25, jvms.resolve("running"), jvms.resolve("none"), jvms))
            .contains(jdk22.resolve("bin/java"));
        assertThatThrownBy(() -> Java21Runtime.find(jdk17.toString(), 25, jvms.resolve("running"), jvms.resolve("none"), jvms))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(Java21Runtime.HOME_ENV)
            .hasMessageContaining("Java 17");
    }

    @Test
    void theRunningJvmThenThePreferredJdkThenTheNewestUnderTheJvmFolder() throws IOException {
        jdk("jdk-17", "17.0.15");
        Path jdk21 = jdk("jdk-21", "21.0.5");
        Path jdk24 = jdk("jdk-24", "24.0.1");
        Path running = jvms.resolve("running");

        assertThat(Java21Runtime.find(null, 21, running, jdk21, jvms)).contains(running.resolve("bin/java"));
        assertThat(Java21Runtime.find("", 17, running, jdk21, jvms)).contains(jdk21.resolve("bin/java"));
        assertThat(Java21Runtime.find(null, 17, running, jvms.resolve("absent"), jvms)).contains(jdk24.resolve("bin/java"));
    }

    @Test
    void nothingWhenNoFolderHoldsJava21() throws IOException {
        jdk("jdk-17", "17.0.15");
        jdk("jdk-8", "1.8.0_392");

        assertThat(Java21Runtime.find(null, 17, jvms.resolve("running"), jvms.resolve("absent"), jvms)).isEmpty();
        assertThat(Java21Runtime.find(null, 17, jvms.resolve("running"), jvms.resolve("absent"), jvms.resolve("no-such-folder")))
            .isEmpty();
    }
}
