package io.driftwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which group member a failed stream thread was: the id Kafka Streams gave its main consumer. */
class FailedThreadMembershipTest {

    @Test
    void aStreamThreadsMemberIsTheInstanceIdWithItsIndex() {
        assertThat(FailedThreadMembership.instanceIdOf("driftwatch-host-1a2b", "driftwatch-5f0e-StreamThread-3"))
            .contains("driftwatch-host-1a2b-3");
        assertThat(FailedThreadMembership.instanceIdOf("driftwatch-host-1a2b", "driftwatch-5f0e-StreamThread-12"))
            .contains("driftwatch-host-1a2b-12");
    }

    @Test
    void otherThreadsAndDynamicMembersHaveNone() {
        assertThat(FailedThreadMembership.instanceIdOf("driftwatch-host-1a2b", "driftwatch-5f0e-GlobalStreamThread")).isEmpty();
        assertThat(FailedThreadMembership.instanceIdOf("driftwatch-host-1a2b", "driftwatch-5f0e-StreamThread-")).isEmpty();
        assertThat(FailedThreadMembership.instanceIdOf(null, "driftwatch-5f0e-StreamThread-1")).isEmpty();
    }

    @Test
    void theInstanceIdIsResolvedAsKafkaStreamsResolvesItsMainConsumersSettings() {
        Properties p = new Properties();
        assertThat(FailedThreadMembership.instanceIdBase(p)).isEmpty();
        p.setProperty("group.instance.id", "plain");
        assertThat(FailedThreadMembership.instanceIdBase(p)).contains("plain");
        p.setProperty("consumer.group.instance.id", "consumer");
        assertThat(FailedThreadMembership.instanceIdBase(p)).contains("consumer");
        p.setProperty("main.consumer.group.instance.id", "main");
        assertThat(FailedThreadMembership.instanceIdBase(p)).contains("main");
    }

    @Test
    void theApplicationsOwnSettingsMakeEveryThreadAStaticMember() {
        Properties streams = StreamsSettings.of(io.driftwatch.config.DriftwatchConfig.from(java.util.Map.of()));
        assertThat(FailedThreadMembership.instanceIdBase(streams)).contains(StreamsSettings.staticMemberId(streams));
    }
}
